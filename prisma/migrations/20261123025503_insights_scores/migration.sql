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
    "firstOrderAt" DATETIME NOT NULL,
    "lastOrderAt" DATETIME NOT NULL,
    "email" TEXT,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
);

-- CreateTable
CREATE TABLE "CustomerScoreBoundaries" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "boundaries" TEXT NOT NULL,
    "customers" INTEGER NOT NULL,
    "computedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InsightsSnapshot" (
    "shop" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "report" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "days")
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
    "queuedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,

    PRIMARY KEY ("shop", "segment")
);

-- CreateTable
CREATE TABLE "SegmentTagMember" (
    "shop" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,

    PRIMARY KEY ("shop", "segment", "customerId")
);

-- CreateIndex
CREATE INDEX "CustomerScore_shop_segment_netCents_idx" ON "CustomerScore"("shop", "segment", "netCents");

-- CreateIndex
CREATE INDEX "CustomerScore_shop_activity_idx" ON "CustomerScore"("shop", "activity");

-- CreateIndex
CREATE INDEX "SegmentTagMember_shop_customerId_idx" ON "SegmentTagMember"("shop", "customerId");
