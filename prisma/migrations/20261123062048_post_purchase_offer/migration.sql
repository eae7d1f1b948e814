-- CreateTable
CREATE TABLE "PostPurchaseSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "discountPercent" INTEGER NOT NULL DEFAULT 15,
    "maxOffersPerOrder" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PostPurchaseOffer" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPriceCents" INTEGER NOT NULL,
    "discountPercent" INTEGER NOT NULL,
    "priceCents" INTEGER NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'shown',
    "changesetJti" TEXT,
    "shownAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,

    PRIMARY KEY ("shop", "id")
);

-- CreateIndex
CREATE INDEX "PostPurchaseOffer_shop_referenceId_idx" ON "PostPurchaseOffer"("shop", "referenceId");

-- CreateIndex
CREATE INDEX "PostPurchaseOffer_shop_shownAt_idx" ON "PostPurchaseOffer"("shop", "shownAt");
