-- CreateTable
CREATE TABLE "FlowMessageClick" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "stepRunId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "stepIndex" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "FlowFeedback" (
    "stepRunId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "FlowMessageClick_shop_flowId_stepIndex_idx" ON "FlowMessageClick"("shop", "flowId", "stepIndex");

-- CreateIndex
CREATE UNIQUE INDEX "FlowMessageClick_stepRunId_url_key" ON "FlowMessageClick"("stepRunId", "url");

-- CreateIndex
CREATE INDEX "FlowFeedback_shop_flowId_idx" ON "FlowFeedback"("shop", "flowId");

-- CreateIndex
CREATE INDEX "FlowFeedback_shop_customerId_idx" ON "FlowFeedback"("shop", "customerId");
