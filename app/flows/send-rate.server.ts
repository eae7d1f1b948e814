import type { Database } from "../db.server";
import { isUniqueViolation } from "./flows.server";

/**
 * The per-shop send rate limit: a counter per shop and UTC minute, incremented only while under
 * the limit (a conditional update, so concurrent schedulers cannot overshoot it together).
 */
export async function takeSendSlot(db: Database, shop: string, now: Date, perMinute: number): Promise<boolean> {
  const minute = now.toISOString().slice(0, 16);
  for (let attempt = 0; attempt < 2; attempt++) {
    const { count } = await db.emailSendWindow.updateMany({ where: { shop, minute, count: { lt: perMinute } }, data: { count: { increment: 1 } } });
    if (count === 1) return true;
    if (await db.emailSendWindow.findUnique({ where: { shop_minute: { shop, minute } }, select: { count: true } })) return false;
    try {
      await db.emailSendWindow.create({ data: { shop, minute, count: 1 } });
      return perMinute >= 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // another process opened the minute first: count there
    }
  }
  return false;
}
