-- CreateTable
CREATE TABLE "ReplenishmentCycle" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "daysPerUnit" REAL NOT NULL,
    "typicalQuantity" REAL NOT NULL,
    "source" TEXT NOT NULL,
    "observations" INTEGER NOT NULL,
    "fit" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "productId")
);
