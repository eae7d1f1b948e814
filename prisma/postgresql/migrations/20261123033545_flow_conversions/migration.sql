-- AlterTable
ALTER TABLE "FlowStepRun" ADD COLUMN     "convertedCents" INTEGER,
ADD COLUMN     "convertedOrderId" TEXT,
ADD COLUMN     "sentAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "FlowStepRun_shop_customerId_sentAt_idx" ON "FlowStepRun"("shop", "customerId", "sentAt");
