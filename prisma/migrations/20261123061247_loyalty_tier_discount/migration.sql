-- CreateTable
CREATE TABLE "LoyaltyTierDiscount" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "shopifyDiscountId" TEXT,
    "configJson" TEXT,
    "lastError" TEXT,
    "syncedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
