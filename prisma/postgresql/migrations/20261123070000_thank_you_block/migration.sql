-- CreateTable
CREATE TABLE "ThankYouSettings" (
    "shop" TEXT NOT NULL,
    "codeEnabled" BOOLEAN NOT NULL DEFAULT true,
    "percent" INTEGER NOT NULL DEFAULT 10,
    "validDays" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ThankYouSettings_pkey" PRIMARY KEY ("shop")
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
    "expiresAt" TIMESTAMP(3),
    "recommendations" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ThankYouOrder_pkey" PRIMARY KEY ("shop","orderId")
);
