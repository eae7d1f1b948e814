import type { Database } from "../db.server";

export const CUSTOMERS_PER_PAGE = 25;

/** A page of the shop's customers Encore knows, newest first, optionally filtered by name or email. */
export async function listCustomers(db: Database, shop: string, { search, page }: { search: string; page: number }) {
  const where = {
    shop,
    redactedAt: null,
    ...(search
      ? { OR: [{ email: { contains: search } }, { firstName: { contains: search } }, { lastName: { contains: search } }] }
      : {}),
  };
  const [total, customers] = await Promise.all([
    db.customer.count({ where }),
    db.customer.findMany({
      where,
      orderBy: [{ shopifyCreatedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * CUSTOMERS_PER_PAGE,
      take: CUSTOMERS_PER_PAGE,
      select: { id: true, email: true, firstName: true, lastName: true, emailMarketingState: true, shopifyCreatedAt: true },
    }),
  ]);
  const orderCounts = await db.order.groupBy({
    by: ["customerId"],
    where: { shop, customerId: { in: customers.map((c) => c.id) } },
    _count: { _all: true },
  });
  const ordersByCustomer = new Map(orderCounts.map((row) => [row.customerId, row._count._all]));
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / CUSTOMERS_PER_PAGE)),
    customers: customers.map((customer) => ({ ...customer, orders: ordersByCustomer.get(customer.id) ?? 0 })),
  };
}
