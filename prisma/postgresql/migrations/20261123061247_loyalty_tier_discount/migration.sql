-- CreateTable
CREATE TABLE "LoyaltyTierDiscount" (
    "shop" TEXT NOT NULL,
    "shopifyDiscountId" TEXT,
    "configJson" TEXT,
    "lastError" TEXT,
    "syncedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyTierDiscount_pkey" PRIMARY KEY ("shop")
);
