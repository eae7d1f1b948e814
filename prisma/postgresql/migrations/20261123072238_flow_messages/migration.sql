-- CreateTable
CREATE TABLE "FlowMessageClick" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "stepRunId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "stepIndex" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FlowMessageClick_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FlowFeedback" (
    "stepRunId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowFeedback_pkey" PRIMARY KEY ("stepRunId")
);

-- CreateIndex
CREATE INDEX "FlowMessageClick_shop_flowId_stepIndex_idx" ON "FlowMessageClick"("shop", "flowId", "stepIndex");

-- CreateIndex
CREATE UNIQUE INDEX "FlowMessageClick_stepRunId_url_key" ON "FlowMessageClick"("stepRunId", "url");

-- CreateIndex
CREATE INDEX "FlowFeedback_shop_flowId_idx" ON "FlowFeedback"("shop", "flowId");

-- CreateIndex
CREATE INDEX "FlowFeedback_shop_customerId_idx" ON "FlowFeedback"("shop", "customerId");
