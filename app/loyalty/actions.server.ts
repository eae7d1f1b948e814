import type { Database } from "../db.server";
import { adminQuery, type AdminGraphql } from "../shopify/admin-api.server";
import { CUSTOMER_BIRTHDAYS_QUERY, type CustomerBirthdaysQuery } from "../shopify/graphql/CustomerBirthdays";
import { actionSourceKeys, birthdayAward, firstOrderAward, signupAward } from "./actions";
import { sourceKeys } from "./ledger";
import { adjustPoints, loyaltyProgram } from "./ledger.server";
import { loadProgramForm } from "./program.server";
import { evaluateCustomerTier } from "./tiers.server";

/**
 * Action awards written to the ledger as positive adjustments with their own source keys
 * (action:<rule>:<customer>), which makes each one once per customer, replays included.
 */

async function actionProgram(db: Database, shop: string) {
  const [form, settings] = await Promise.all([loadProgramForm(db, shop), loyaltyProgram(db, shop)]);
  return { ...form, enabledAt: settings.enabledAt };
}

async function award(db: Database, shop: string, customerId: string, points: number, sourceKey: string, reason: string): Promise<boolean> {
  if (await db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey } }, select: { id: true } })) return false;
  const result = await adjustPoints(db, shop, customerId, points, sourceKey, reason);
  if (!result.ok) return false; // already recorded by a concurrent delivery
  await evaluateCustomerTier(db, shop, customerId, reason);
  return true;
}

/** customers/create: the account creation award. */
export async function awardSignup(db: Database, shop: string, customerId: string): Promise<boolean> {
  const [program, customer] = await Promise.all([
    actionProgram(db, shop),
    db.customer.findUnique({ where: { shop_id: { shop, id: customerId } }, select: { shopifyCreatedAt: true, redactedAt: true } }),
  ]);
  if (!customer || customer.redactedAt) return false;
  const points = signupAward(program, customer.shopifyCreatedAt);
  return points > 0 && award(db, shop, customerId, points, actionSourceKeys.signup(customerId), "Account created");
}

/** After an order changed or its points were released: the first-order bonus, if now due. */
export async function awardFirstOrder(db: Database, shop: string, orderId: string): Promise<boolean> {
  const program = await actionProgram(db, shop);
  if (!program.enabled || program.firstOrderPoints <= 0) return false;
  const order = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { customerId: true, name: true } });
  if (!order?.customerId) return false;
  const customerId = order.customerId;
  if (await db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey: actionSourceKeys.firstOrder(customerId) } }, select: { id: true } })) return false;
  const [release, customerOrders] = await Promise.all([
    db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey: sourceKeys.release(orderId) } }, select: { id: true } }),
    db.order.findMany({ where: { shop, customerId }, select: { id: true, processedAt: true, cancelledAt: true } }),
  ]);
  const points = firstOrderAward(program, {
    orderId,
    released: release !== null,
    customerOrders: customerOrders.map((o) => ({ id: o.id, processedAt: o.processedAt, cancelled: o.cancelledAt !== null })),
  });
  return points > 0 && award(db, shop, customerId, points, actionSourceKeys.firstOrder(customerId), `First order bonus (order ${order.name})`);
}

/** The hourly release made orders' points spendable: their first-order bonuses follow. */
export async function awardReleasedFirstOrders(db: Database, shop: string, since: Date): Promise<number> {
  const program = await actionProgram(db, shop);
  if (!program.enabled || program.firstOrderPoints <= 0) return 0;
  const released = await db.loyaltyEntry.findMany({ where: { shop, kind: "release", createdAt: { gte: since } }, select: { orderId: true } });
  let awarded = 0;
  for (const { orderId } of released) if (orderId && (await awardFirstOrder(db, shop, orderId))) awarded++;
  return awarded;
}

/** Every customer of the shop with a birthday, read from the Admin API (customer id -> YYYY-MM-DD). */
export async function fetchCustomerBirthdays(admin: AdminGraphql): Promise<Map<string, string>> {
  const birthdays = new Map<string, string>();
  let after: string | null = null;
  do {
    const page: CustomerBirthdaysQuery = await adminQuery<CustomerBirthdaysQuery>(admin, "CustomerBirthdays", CUSTOMER_BIRTHDAYS_QUERY, { after });
    for (const node of page.customers.nodes) {
      if (node.birthDate?.value) birthdays.set(node.id.slice(node.id.lastIndexOf("/") + 1), node.birthDate.value);
    }
    after = page.customers.pageInfo.hasNextPage ? (page.customers.pageInfo.endCursor ?? null) : null;
  } while (after);
  return birthdays;
}

/** The daily birthday awards (once per customer and year by source key). Returns how many were awarded. */
export async function awardBirthdays(db: Database, admin: AdminGraphql, shop: string, now = new Date()): Promise<number> {
  const program = await actionProgram(db, shop);
  if (!program.enabled || program.birthdayPoints <= 0) return 0;
  let awarded = 0;
  for (const [customerId, birthDate] of await fetchCustomerBirthdays(admin)) {
    const due = birthdayAward(program, birthDate, now);
    if (due && (await award(db, shop, customerId, due.points, actionSourceKeys.birthday(customerId, due.year), `Birthday ${due.year}`))) awarded++;
  }
  return awarded;
}
