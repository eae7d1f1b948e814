-- CreateTable
CREATE TABLE "ReplenishmentCycle" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "daysPerUnit" DOUBLE PRECISION NOT NULL,
    "typicalQuantity" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "observations" INTEGER NOT NULL,
    "fit" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplenishmentCycle_pkey" PRIMARY KEY ("shop","productId")
);
