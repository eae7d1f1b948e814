-- CreateTable
CREATE TABLE "LoyaltyProgram" (
    "shop" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "pointsPerUnit" INTEGER NOT NULL DEFAULT 1,
    "pendingDays" INTEGER NOT NULL DEFAULT 14,
    "enabledAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyProgram_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "LoyaltyEntry" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "pendingPoints" INTEGER NOT NULL DEFAULT 0,
    "shortfall" INTEGER NOT NULL DEFAULT 0,
    "rate" INTEGER,
    "baseCents" INTEGER,
    "orderId" TEXT,
    "availableAt" TIMESTAMP(3),
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyBalance" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "available" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "lifetimeEarned" INTEGER NOT NULL DEFAULT 0,
    "shortfall" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LoyaltyBalance_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateIndex
CREATE INDEX "LoyaltyEntry_shop_customerId_createdAt_idx" ON "LoyaltyEntry"("shop", "customerId", "createdAt");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_shop_orderId_idx" ON "LoyaltyEntry"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyEntry_shop_sourceKey_key" ON "LoyaltyEntry"("shop", "sourceKey");
