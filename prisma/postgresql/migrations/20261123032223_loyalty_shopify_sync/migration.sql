-- CreateTable
CREATE TABLE "LoyaltyShopifySync" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "syncedVersion" INTEGER NOT NULL,
    "tierTag" TEXT,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyShopifySync_pkey" PRIMARY KEY ("shop","customerId")
);
