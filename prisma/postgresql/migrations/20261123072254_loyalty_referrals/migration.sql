-- AlterTable
ALTER TABLE "LoyaltyProgram" ADD COLUMN     "referralAdvocatePoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "referralEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "referralFriendCents" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LoyaltyReferral" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "advocateId" TEXT NOT NULL,
    "friendCustomerId" TEXT,
    "friendEmail" TEXT,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "points" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyReferral_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateTable
CREATE TABLE "LoyaltyAddressKey" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "addressKey" TEXT NOT NULL,

    CONSTRAINT "LoyaltyAddressKey_pkey" PRIMARY KEY ("shop","customerId","addressKey")
);

-- CreateIndex
CREATE INDEX "LoyaltyReferral_shop_advocateId_idx" ON "LoyaltyReferral"("shop", "advocateId");

-- CreateIndex
CREATE INDEX "LoyaltyReferral_shop_createdAt_idx" ON "LoyaltyReferral"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "LoyaltyAddressKey_shop_addressKey_idx" ON "LoyaltyAddressKey"("shop", "addressKey");
