-- AlterTable
ALTER TABLE "FlowStepRun" ADD COLUMN "convertedCents" INTEGER;
ALTER TABLE "FlowStepRun" ADD COLUMN "convertedOrderId" TEXT;
ALTER TABLE "FlowStepRun" ADD COLUMN "sentAt" DATETIME;

-- CreateIndex
CREATE INDEX "FlowStepRun_shop_customerId_sentAt_idx" ON "FlowStepRun"("shop", "customerId", "sentAt");
