-- CreateTable
CREATE TABLE "ShopCollection" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShopCollection_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "CollectionMembership" (
    "shop" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,

    CONSTRAINT "CollectionMembership_pkey" PRIMARY KEY ("shop","collectionId","productId")
);

-- CreateTable
CREATE TABLE "CollectionSync" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "collections" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "CollectionSync_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "CrossSellRule" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "productId" TEXT,
    "targetIds" TEXT NOT NULL DEFAULT '[]',
    "matchKind" TEXT,
    "matchValue" TEXT,
    "targets" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrossSellRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrossSellSettings" (
    "shop" TEXT NOT NULL,
    "itemsToShow" INTEGER NOT NULL,
    "hideOutOfStock" BOOLEAN NOT NULL,
    "hideUnpublished" BOOLEAN NOT NULL,
    "hideGiftCards" BOOLEAN NOT NULL,
    "hideInCart" BOOLEAN NOT NULL,
    "fallbackOrder" TEXT NOT NULL,
    "holdoutPercent" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrossSellSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "CollectionMembership_shop_productId_idx" ON "CollectionMembership"("shop", "productId");

-- CreateIndex
CREATE INDEX "CrossSellRule_shop_kind_idx" ON "CrossSellRule"("shop", "kind");

-- CreateIndex
CREATE INDEX "Product_shop_productType_idx" ON "Product"("shop", "productType");

-- CreateIndex
CREATE INDEX "Product_shop_vendor_idx" ON "Product"("shop", "vendor");
