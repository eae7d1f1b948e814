-- CreateTable
CREATE TABLE "CustomerScore" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "r" INTEGER NOT NULL,
    "f" INTEGER NOT NULL,
    "m" INTEGER NOT NULL,
    "segment" TEXT NOT NULL,
    "activity" TEXT NOT NULL,
    "orderCount" INTEGER NOT NULL,
    "netCents" INTEGER NOT NULL,
    "firstOrderAt" TIMESTAMP(3) NOT NULL,
    "lastOrderAt" TIMESTAMP(3) NOT NULL,
    "email" TEXT,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerScore_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateTable
CREATE TABLE "CustomerScoreBoundaries" (
    "shop" TEXT NOT NULL,
    "boundaries" TEXT NOT NULL,
    "customers" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerScoreBoundaries_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "InsightsSnapshot" (
    "shop" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "report" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InsightsSnapshot_pkey" PRIMARY KEY ("shop","days")
);

-- CreateTable
CREATE TABLE "SegmentTagSync" (
    "shop" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "added" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "queuedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SegmentTagSync_pkey" PRIMARY KEY ("shop","segment")
);

-- CreateTable
CREATE TABLE "SegmentTagMember" (
    "shop" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,

    CONSTRAINT "SegmentTagMember_pkey" PRIMARY KEY ("shop","segment","customerId")
);

-- CreateIndex
CREATE INDEX "CustomerScore_shop_segment_netCents_idx" ON "CustomerScore"("shop", "segment", "netCents");

-- CreateIndex
CREATE INDEX "CustomerScore_shop_activity_idx" ON "CustomerScore"("shop", "activity");

-- CreateIndex
CREATE INDEX "SegmentTagMember_shop_customerId_idx" ON "SegmentTagMember"("shop", "customerId");
