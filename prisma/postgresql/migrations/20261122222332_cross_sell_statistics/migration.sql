-- CreateTable
CREATE TABLE "CoPurchaseBasket" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productIds" TEXT NOT NULL,
    "countedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reversedAt" TIMESTAMP(3),

    CONSTRAINT "CoPurchaseBasket_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateTable
CREATE TABLE "CoPurchaseTotal" (
    "shop" TEXT NOT NULL,
    "baskets" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CoPurchaseTotal_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ProductBasketCount" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "baskets" INTEGER NOT NULL,

    CONSTRAINT "ProductBasketCount_pkey" PRIMARY KEY ("shop","productId")
);

-- CreateTable
CREATE TABLE "ProductPairCount" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "baskets" INTEGER NOT NULL,

    CONSTRAINT "ProductPairCount_pkey" PRIMARY KEY ("shop","productId","partnerId")
);

-- CreateTable
CREATE TABLE "ProductComplements" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "complements" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductComplements_pkey" PRIMARY KEY ("shop","productId")
);

-- CreateIndex
CREATE INDEX "ProductBasketCount_shop_baskets_idx" ON "ProductBasketCount"("shop", "baskets");
