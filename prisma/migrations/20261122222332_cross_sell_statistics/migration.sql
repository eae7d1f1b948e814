-- CreateTable
CREATE TABLE "CoPurchaseBasket" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productIds" TEXT NOT NULL,
    "countedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reversedAt" DATETIME,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "CoPurchaseTotal" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "baskets" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "ProductBasketCount" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "baskets" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "productId")
);

-- CreateTable
CREATE TABLE "ProductPairCount" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "baskets" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "productId", "partnerId")
);

-- CreateTable
CREATE TABLE "ProductComplements" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "complements" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "productId")
);

-- CreateIndex
CREATE INDEX "ProductBasketCount_shop_baskets_idx" ON "ProductBasketCount"("shop", "baskets");
