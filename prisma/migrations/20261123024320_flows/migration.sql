-- CreateTable
CREATE TABLE "Flow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "trigger" TEXT NOT NULL,
    "onNewOrder" TEXT NOT NULL,
    "steps" TEXT NOT NULL,
    "enabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FlowRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "stepIndex" INTEGER NOT NULL DEFAULT 0,
    "enteredAt" DATETIME NOT NULL,
    "nextRunAt" DATETIME,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "exitReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FlowStepRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "stepIndex" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "email" TEXT,
    "subject" TEXT,
    "discountCode" TEXT,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EmailUnsubscribe" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "flowId" TEXT,
    "stepIndex" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "customerId")
);

-- CreateTable
CREATE TABLE "EmailSendWindow" (
    "shop" TEXT NOT NULL,
    "minute" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "minute")
);

-- CreateIndex
CREATE UNIQUE INDEX "Flow_shop_key_key" ON "Flow"("shop", "key");

-- CreateIndex
CREATE INDEX "FlowRun_shop_status_nextRunAt_idx" ON "FlowRun"("shop", "status", "nextRunAt");

-- CreateIndex
CREATE INDEX "FlowRun_status_nextRunAt_idx" ON "FlowRun"("status", "nextRunAt");

-- CreateIndex
CREATE INDEX "FlowRun_shop_customerId_idx" ON "FlowRun"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "FlowRun_shop_flowId_customerId_triggerKey_key" ON "FlowRun"("shop", "flowId", "customerId", "triggerKey");

-- CreateIndex
CREATE INDEX "FlowStepRun_shop_flowId_stepIndex_idx" ON "FlowStepRun"("shop", "flowId", "stepIndex");

-- CreateIndex
CREATE INDEX "FlowStepRun_shop_createdAt_idx" ON "FlowStepRun"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FlowStepRun_runId_stepIndex_key" ON "FlowStepRun"("runId", "stepIndex");

-- CreateIndex
CREATE INDEX "EmailUnsubscribe_shop_flowId_idx" ON "EmailUnsubscribe"("shop", "flowId");
