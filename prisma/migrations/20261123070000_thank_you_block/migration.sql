-- CreateTable
CREATE TABLE "ThankYouSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "codeEnabled" BOOLEAN NOT NULL DEFAULT true,
    "percent" INTEGER NOT NULL DEFAULT 10,
    "validDays" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ThankYouOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT,
    "status" TEXT NOT NULL,
    "code" TEXT,
    "discountId" TEXT,
    "percent" INTEGER,
    "expiresAt" DATETIME,
    "recommendations" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);
