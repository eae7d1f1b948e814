-- AlterTable
ALTER TABLE "LoyaltyProgram" ADD COLUMN     "birthdayPoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "earningBasis" TEXT NOT NULL DEFAULT 'subtotal',
ADD COLUMN     "expiryDays" INTEGER,
ADD COLUMN     "expiryReminderDays" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "firstOrderPoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pointsPerMoneyUnit" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "signupPoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tierBasis" TEXT NOT NULL DEFAULT 'points',
ADD COLUMN     "tierWindow" TEXT NOT NULL DEFAULT 'lifetime';

-- AlterTable
ALTER TABLE "LoyaltyEntry" ADD COLUMN     "multiplierPercent" INTEGER;

-- CreateTable
CREATE TABLE "LoyaltyTier" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplierPercent" INTEGER NOT NULL DEFAULT 100,
    "discountPercent" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyMemberTier" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "tierId" TEXT,
    "tierName" TEXT,
    "figure" INTEGER NOT NULL DEFAULT 0,
    "evaluatedAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3),

    CONSTRAINT "LoyaltyMemberTier_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateTable
CREATE TABLE "LoyaltyTierChange" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "fromTier" TEXT,
    "toTier" TEXT,
    "figure" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyTierChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyExpiryReminder" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "LoyaltyExpiryReminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LoyaltyTier_shop_threshold_idx" ON "LoyaltyTier"("shop", "threshold");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyTier_shop_name_key" ON "LoyaltyTier"("shop", "name");

-- CreateIndex
CREATE INDEX "LoyaltyMemberTier_shop_tierId_idx" ON "LoyaltyMemberTier"("shop", "tierId");

-- CreateIndex
CREATE INDEX "LoyaltyTierChange_shop_customerId_createdAt_idx" ON "LoyaltyTierChange"("shop", "customerId", "createdAt");

-- CreateIndex
CREATE INDEX "LoyaltyExpiryReminder_shop_consumedAt_idx" ON "LoyaltyExpiryReminder"("shop", "consumedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyExpiryReminder_shop_customerId_expiresAt_key" ON "LoyaltyExpiryReminder"("shop", "customerId", "expiresAt");
