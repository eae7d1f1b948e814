import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageFooter, SearchCard } from "~/components/SearchAndPages";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { db } from "~/db.server";
import { memberListQuerySchema } from "~/loyalty/members";
import { listMembers } from "~/loyalty/members.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = memberListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw json({ message: parsed.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });
  return json({ ...(await listMembers(db, session.shop, parsed.data)), search: parsed.data.search });
};

const count = (n: number) => n.toLocaleString("en-US");

export default function LoyaltyMembers() {
  const { members, total, page, pageCount, search } = useLoaderData<typeof loader>();
  return (
    <Page title="Loyalty members" backAction={{ content: "Loyalty", url: "/app/loyalty" }}>
      <TitleBar title="Loyalty members" />
      <BlockStack gap="400">
        <SearchCard search={search} />
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "member", plural: "members" }}
            itemCount={members.length}
            selectable={false}
            headings={[{ title: "Member" }, { title: "Spendable", alignment: "end" }, { title: "Pending", alignment: "end" }, { title: "Tier" }, { title: "Lifetime earned", alignment: "end" }]}
            emptyState={<Text as="p" alignment="center">{search ? "No member matches this search." : "No members yet: customers join when they first earn points."}</Text>}
          >
            {members.map((member, index) => (
              <IndexTable.Row id={member.customerId} key={member.customerId} position={index}>
                <IndexTable.Cell>
                  <BlockStack>
                    <Link url={`/app/loyalty/members/${encodeURIComponent(member.customerId)}`} removeUnderline>
                      {member.name}
                    </Link>
                    {member.email && member.email !== member.name ? <Text as="span" tone="subdued">{member.email}</Text> : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {count(member.available)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {count(member.pending)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{member.tier ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {count(member.lifetimeEarned)}
                  </Text>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <PageFooter total={total} noun="members" page={page} pageCount={pageCount} />
      </BlockStack>
    </Page>
  );
}
