-- CreateTable
CREATE TABLE "ShopCollection" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "CollectionMembership" (
    "shop" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,

    PRIMARY KEY ("shop", "collectionId", "productId")
);

-- CreateTable
CREATE TABLE "CollectionSync" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "collections" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CrossSellRule" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "productId" TEXT,
    "targetIds" TEXT NOT NULL DEFAULT '[]',
    "matchKind" TEXT,
    "matchValue" TEXT,
    "targets" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CrossSellSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "itemsToShow" INTEGER NOT NULL,
    "hideOutOfStock" BOOLEAN NOT NULL,
    "hideUnpublished" BOOLEAN NOT NULL,
    "hideGiftCards" BOOLEAN NOT NULL,
    "hideInCart" BOOLEAN NOT NULL,
    "fallbackOrder" TEXT NOT NULL,
    "holdoutPercent" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CollectionMembership_shop_productId_idx" ON "CollectionMembership"("shop", "productId");

-- CreateIndex
CREATE INDEX "CrossSellRule_shop_kind_idx" ON "CrossSellRule"("shop", "kind");

-- CreateIndex
CREATE INDEX "Product_shop_productType_idx" ON "Product"("shop", "productType");

-- CreateIndex
CREATE INDEX "Product_shop_vendor_idx" ON "Product"("shop", "vendor");
