import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageFooter, SearchCard } from "~/components/SearchAndPages";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, IndexTable, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { db } from "~/db.server";
import { segmentSlug } from "~/insights/rfm";
import { segmentsOf } from "~/insights/scores.server";
import { listCustomers } from "~/shop-data/customer-directory.server";
import { authenticate } from "~/shopify.server";

const querySchema = z.object({
  search: z.string().trim().max(100, "Search text is limited to 100 characters").default(""),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    throw json({ message: parsed.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });
  }
  const result = await listCustomers(db, session.shop, parsed.data);
  const segments = await segmentsOf(
    db,
    session.shop,
    result.customers.map((customer) => customer.id),
  );
  const customers = result.customers.map((customer) => ({ ...customer, segment: segments.get(customer.id) ?? null }));
  return json({ ...result, customers, ...parsed.data });
};

export default function Customers() {
  const { customers, total, page, pageCount, search } = useLoaderData<typeof loader>();
  return (
    <Page title="Customers">
      <TitleBar title="Customers" />
      <BlockStack gap="400">
        <SearchCard search={search} />
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "customer", plural: "customers" }}
            itemCount={customers.length}
            selectable={false}
            headings={[{ title: "Name" }, { title: "Email" }, { title: "Orders" }, { title: "Segment" }, { title: "Customer since" }]}
            emptyState={<Text as="p" alignment="center">No customers yet: they appear as Shopify sends orders and customer updates.</Text>}
          >
            {customers.map((customer, index) => (
              <IndexTable.Row id={customer.id} key={customer.id} position={index}>
                <IndexTable.Cell>{[customer.firstName, customer.lastName].filter(Boolean).join(" ") || "—"}</IndexTable.Cell>
                <IndexTable.Cell>{customer.email ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>{customer.orders}</IndexTable.Cell>
                <IndexTable.Cell>{customer.segment ? <Link to={`/app/segments/${segmentSlug(customer.segment)}`}>{customer.segment}</Link> : "—"}</IndexTable.Cell>
                <IndexTable.Cell>{customer.shopifyCreatedAt ? new Date(customer.shopifyCreatedAt).toISOString().slice(0, 10) : "—"}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <PageFooter total={total} noun="customers" page={page} pageCount={pageCount} />
      </BlockStack>
    </Page>
  );
}
