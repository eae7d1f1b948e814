-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "key" TEXT NOT NULL,
    "minute" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("key","minute")
);

-- CreateIndex
CREATE INDEX "RateLimitWindow_minute_idx" ON "RateLimitWindow"("minute");
