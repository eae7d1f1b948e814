-- CreateTable
CREATE TABLE "LoyaltyShopifySync" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "syncedVersion" INTEGER NOT NULL,
    "tierTag" TEXT,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
);
