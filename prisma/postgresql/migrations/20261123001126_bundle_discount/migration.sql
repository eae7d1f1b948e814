-- CreateTable
CREATE TABLE "BundleDiscount" (
    "shop" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "kind" TEXT NOT NULL,
    "percentage" DOUBLE PRECISION,
    "amountCents" INTEGER,
    "requireAll" BOOLEAN NOT NULL DEFAULT false,
    "minComplements" INTEGER NOT NULL DEFAULT 1,
    "combinesWithProductDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithOrderDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShippingDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "shopifyDiscountId" TEXT,
    "configJson" TEXT,
    "configAnchors" INTEGER NOT NULL DEFAULT 0,
    "configSyncedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BundleDiscount_pkey" PRIMARY KEY ("shop")
);
