-- AlterTable
ALTER TABLE "LoyaltyEntry" ADD COLUMN "multiplierPercent" INTEGER;

-- CreateTable
CREATE TABLE "LoyaltyTier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplierPercent" INTEGER NOT NULL DEFAULT 100,
    "discountPercent" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LoyaltyMemberTier" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "tierId" TEXT,
    "tierName" TEXT,
    "figure" INTEGER NOT NULL DEFAULT 0,
    "evaluatedAt" DATETIME NOT NULL,
    "syncedAt" DATETIME,

    PRIMARY KEY ("shop", "customerId")
);

-- CreateTable
CREATE TABLE "LoyaltyTierChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "fromTier" TEXT,
    "toTier" TEXT,
    "figure" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LoyaltyExpiryReminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consumedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LoyaltyProgram" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "pointsPerUnit" INTEGER NOT NULL DEFAULT 1,
    "pendingDays" INTEGER NOT NULL DEFAULT 14,
    "enabledAt" DATETIME,
    "earningBasis" TEXT NOT NULL DEFAULT 'subtotal',
    "pointsPerMoneyUnit" INTEGER NOT NULL DEFAULT 100,
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "tierWindow" TEXT NOT NULL DEFAULT 'lifetime',
    "expiryDays" INTEGER,
    "expiryReminderDays" INTEGER NOT NULL DEFAULT 14,
    "signupPoints" INTEGER NOT NULL DEFAULT 0,
    "firstOrderPoints" INTEGER NOT NULL DEFAULT 0,
    "birthdayPoints" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_LoyaltyProgram" ("enabled", "enabledAt", "pendingDays", "pointsPerUnit", "shop", "updatedAt") SELECT "enabled", "enabledAt", "pendingDays", "pointsPerUnit", "shop", "updatedAt" FROM "LoyaltyProgram";
DROP TABLE "LoyaltyProgram";
ALTER TABLE "new_LoyaltyProgram" RENAME TO "LoyaltyProgram";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
