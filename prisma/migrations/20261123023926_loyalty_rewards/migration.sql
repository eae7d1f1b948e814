-- CreateTable
CREATE TABLE "LoyaltyReward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "pointsCost" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "value" INTEGER,
    "productVariantId" TEXT,
    "minimumSubtotalCents" INTEGER,
    "codeValidDays" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LoyaltyRedemption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "rewardName" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "code" TEXT,
    "discountId" TEXT,
    "message" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LoyaltyReward_shop_enabled_idx" ON "LoyaltyReward"("shop", "enabled");

-- CreateIndex
CREATE INDEX "LoyaltyRedemption_shop_customerId_createdAt_idx" ON "LoyaltyRedemption"("shop", "customerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyRedemption_shop_customerId_requestId_key" ON "LoyaltyRedemption"("shop", "customerId", "requestId");
