-- CreateTable
CREATE TABLE "CrossSellEventDaily" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "block" TEXT NOT NULL,
    "anchorId" TEXT NOT NULL DEFAULT '',
    "productId" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT '',
    "type" TEXT NOT NULL,
    "visitorGroup" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "day", "block", "anchorId", "productId", "source", "type", "visitorGroup")
);

-- CreateTable
CREATE TABLE "CrossSellVisitorDay" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "visitor" TEXT NOT NULL,
    "visitorGroup" TEXT NOT NULL,

    PRIMARY KEY ("shop", "day", "visitor")
);

-- CreateTable
CREATE TABLE "CrossSellOrderAttribution" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "visitorGroup" TEXT,
    "currencyCode" TEXT NOT NULL,
    "orderNetCents" INTEGER NOT NULL,
    "attributedCents" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "CrossSellAttributedLine" (
    "shop" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "block" TEXT NOT NULL,
    "anchorId" TEXT NOT NULL DEFAULT '',
    "productId" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT '',
    "quantity" INTEGER NOT NULL,
    "revenueCents" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "lineId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Order" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "currencyCode" TEXT NOT NULL,
    "subtotalCents" INTEGER NOT NULL,
    "totalCents" INTEGER NOT NULL,
    "financialStatus" TEXT,
    "processedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "attributes" TEXT NOT NULL DEFAULT '{}',

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_Order" ("cancelledAt", "currencyCode", "customerId", "email", "financialStatus", "id", "name", "processedAt", "shop", "shopifyUpdatedAt", "subtotalCents", "totalCents") SELECT "cancelledAt", "currencyCode", "customerId", "email", "financialStatus", "id", "name", "processedAt", "shop", "shopifyUpdatedAt", "subtotalCents", "totalCents" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");
CREATE INDEX "Order_shop_processedAt_idx" ON "Order"("shop", "processedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CrossSellEventDaily_shop_day_idx" ON "CrossSellEventDaily"("shop", "day");

-- CreateIndex
CREATE INDEX "CrossSellVisitorDay_shop_day_visitorGroup_idx" ON "CrossSellVisitorDay"("shop", "day", "visitorGroup");

-- CreateIndex
CREATE INDEX "CrossSellOrderAttribution_shop_day_idx" ON "CrossSellOrderAttribution"("shop", "day");

-- CreateIndex
CREATE INDEX "CrossSellAttributedLine_shop_day_idx" ON "CrossSellAttributedLine"("shop", "day");

-- CreateIndex
CREATE INDEX "CrossSellAttributedLine_shop_orderId_idx" ON "CrossSellAttributedLine"("shop", "orderId");
