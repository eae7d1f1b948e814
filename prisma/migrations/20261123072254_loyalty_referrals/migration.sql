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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "LoyaltyAddressKey" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "addressKey" TEXT NOT NULL,

    PRIMARY KEY ("shop", "customerId", "addressKey")
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
    "referralEnabled" BOOLEAN NOT NULL DEFAULT false,
    "referralAdvocatePoints" INTEGER NOT NULL DEFAULT 0,
    "referralFriendCents" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_LoyaltyProgram" ("birthdayPoints", "earningBasis", "enabled", "enabledAt", "expiryDays", "expiryReminderDays", "firstOrderPoints", "pendingDays", "pointsPerMoneyUnit", "pointsPerUnit", "shop", "signupPoints", "tierBasis", "tierWindow", "updatedAt") SELECT "birthdayPoints", "earningBasis", "enabled", "enabledAt", "expiryDays", "expiryReminderDays", "firstOrderPoints", "pendingDays", "pointsPerMoneyUnit", "pointsPerUnit", "shop", "signupPoints", "tierBasis", "tierWindow", "updatedAt" FROM "LoyaltyProgram";
DROP TABLE "LoyaltyProgram";
ALTER TABLE "new_LoyaltyProgram" RENAME TO "LoyaltyProgram";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LoyaltyReferral_shop_advocateId_idx" ON "LoyaltyReferral"("shop", "advocateId");

-- CreateIndex
CREATE INDEX "LoyaltyReferral_shop_createdAt_idx" ON "LoyaltyReferral"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "LoyaltyAddressKey_shop_addressKey_idx" ON "LoyaltyAddressKey"("shop", "addressKey");
