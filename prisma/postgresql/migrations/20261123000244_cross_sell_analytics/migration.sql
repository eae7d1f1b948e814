-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "attributes" TEXT NOT NULL DEFAULT '{}';

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

    CONSTRAINT "CrossSellEventDaily_pkey" PRIMARY KEY ("shop","day","block","anchorId","productId","source","type","visitorGroup")
);

-- CreateTable
CREATE TABLE "CrossSellVisitorDay" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "visitor" TEXT NOT NULL,
    "visitorGroup" TEXT NOT NULL,

    CONSTRAINT "CrossSellVisitorDay_pkey" PRIMARY KEY ("shop","day","visitor")
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

    CONSTRAINT "CrossSellOrderAttribution_pkey" PRIMARY KEY ("shop","orderId")
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

    CONSTRAINT "CrossSellAttributedLine_pkey" PRIMARY KEY ("shop","lineId")
);

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
