-- CreateTable
CREATE TABLE "BundleDiscount" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL,
    "kind" TEXT NOT NULL,
    "percentage" REAL,
    "amountCents" INTEGER,
    "requireAll" BOOLEAN NOT NULL DEFAULT false,
    "minComplements" INTEGER NOT NULL DEFAULT 1,
    "combinesWithProductDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithOrderDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShippingDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "shopifyDiscountId" TEXT,
    "configJson" TEXT,
    "configAnchors" INTEGER NOT NULL DEFAULT 0,
    "configSyncedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
