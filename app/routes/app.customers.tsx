import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, IndexTable, InlineStack, Page, Pagination, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { db } from "~/db.server";
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
  return json({ ...result, ...parsed.data });
};

export default function Customers() {
  const { customers, total, page, pageCount, search } = useLoaderData<typeof loader>();
  const [searchText, setSearchText] = useState(search);
  const [params] = useSearchParams();
  const pageHref = (target: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(target));
    return `?${next.toString()}`;
  };
  return (
    <Page title="Customers">
      <TitleBar title="Customers" />
      <BlockStack gap="400">
        <Card>
          <Form method="get">
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flexGrow: 1 }}>
                <TextField label="Search by name or email" name="search" value={searchText} onChange={setSearchText} autoComplete="off" />
              </div>
              <Button submit>Search</Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "customer", plural: "customers" }}
            itemCount={customers.length}
            selectable={false}
            headings={[{ title: "Name" }, { title: "Email" }, { title: "Orders" }, { title: "Customer since" }]}
            emptyState={<Text as="p" alignment="center">No customers yet: they appear as Shopify sends orders and customer updates.</Text>}
          >
            {customers.map((customer, index) => (
              <IndexTable.Row id={customer.id} key={customer.id} position={index}>
                <IndexTable.Cell>{[customer.firstName, customer.lastName].filter(Boolean).join(" ") || "—"}</IndexTable.Cell>
                <IndexTable.Cell>{customer.email ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>{customer.orders}</IndexTable.Cell>
                <IndexTable.Cell>{customer.shopifyCreatedAt ? new Date(customer.shopifyCreatedAt).toISOString().slice(0, 10) : "—"}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <InlineStack align="space-between" blockAlign="center">
          <Text as="p" tone="subdued">
            {total.toLocaleString("en-US")} customers · page {page} of {pageCount}
          </Text>
          <Pagination
            hasPrevious={page > 1}
            previousURL={page > 1 ? pageHref(page - 1) : undefined}
            hasNext={page < pageCount}
            nextURL={page < pageCount ? pageHref(page + 1) : undefined}
          />
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
