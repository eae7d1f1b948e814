import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { PageFooter, SearchCard } from "~/components/SearchAndPages";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { db } from "~/db.server";
import { enqueueTask } from "~/jobs/queue.server";
import { SEGMENT_DESCRIPTIONS, segmentFromSlug, segmentSlug, segmentTag, type Segment } from "~/insights/rfm";
import { segmentMembers } from "~/insights/scores.server";
import { lastSegmentTagSync, queueSegmentTagSync } from "~/insights/segment-tags.server";
import { authenticate } from "~/shopify.server";
import { formatMoney } from "~/money/money";

const querySchema = z.object({
  search: z.string().trim().max(100, "Search text is limited to 100 characters").default(""),
  page: z.coerce.number().int().min(1, "Page must be 1 or more").max(100_000).default(1),
});

function segmentParam(slug: string | undefined): Segment {
  const segment = segmentFromSlug(slug ?? "");
  if (!segment) throw json({ message: `There is no segment called "${slug}"` }, { status: 404 });
  return segment;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const segment = segmentParam(params.segment);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw json({ message: parsed.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });
  const [result, sync, shop] = await Promise.all([
    segmentMembers(db, session.shop, segment, parsed.data),
    lastSegmentTagSync(db, session.shop, segment),
    db.shop.findUnique({ where: { domain: session.shop }, select: { currencyCode: true } }),
  ]);
  return json({ segment, slug: segmentSlug(segment), tag: segmentTag(segment), currencyCode: shop?.currencyCode ?? "USD", sync, ...result, ...parsed.data });
};

const actionSchema = z.object({ intent: z.literal("sync-tag", { errorMap: () => ({ message: "Unknown action" }) }) });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const segment = segmentParam(params.segment);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false as const, message: parsed.error.issues[0].message }, { status: 400 });
  await queueSegmentTagSync(db, session.shop, segment);
  await enqueueTask("syncSegmentTag", { shop: session.shop, segment: segmentSlug(segment) }, { unique: true });
  return json({ ok: true as const, message: `Syncing ${segment} to the tag ${segmentTag(segment)}` });
};

/** Fetched (not linked) so App Bridge adds the session token, as for every request of the embedded app. */
async function downloadCsv(slug: string) {
  const response = await fetch(`/app/segments/${slug}/export`);
  if (!response.ok) return;
  const filename = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? `${slug}.csv`;
  const url = URL.createObjectURL(await response.blob());
  Object.assign(document.createElement("a"), { href: url, download: filename }).click();
  URL.revokeObjectURL(url);
}

const syncTone = { queued: "info", running: "info", done: "success", failed: "critical" } as const;

export default function SegmentPage() {
  const { segment, slug, tag, currencyCode, sync, members, total, page, pageCount, search } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <Page
      title={segment}
      subtitle={SEGMENT_DESCRIPTIONS[segment]}
      backAction={{ content: "Segments", url: "/app/segments" }}
      secondaryActions={[{ content: "Export CSV", onAction: () => void downloadCsv(slug), disabled: total === 0 && !search }]}
    >
      <TitleBar title={segment} />
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Sync to a customer tag
            </Text>
            <Text as="p">
              Adds the tag <Badge>{tag}</Badge> to every customer in this segment and removes it from former members, so Shopify Email, customer segments
              and ad audiences can use the segment. Sync again after the segment changes (scores are recomputed daily).
            </Text>
            {sync ? (
              <InlineStack gap="200" blockAlign="center">
                <Badge tone={syncTone[sync.status as keyof typeof syncTone]}>{sync.status}</Badge>
                <Text as="span" tone="subdued">
                  {sync.status === "done" || sync.status === "failed"
                    ? `Last sync: ${sync.added} tagged, ${sync.removed} untagged${sync.failed ? `, ${sync.failed} skipped (no longer in Shopify)` : ""}.`
                    : "Sync in progress."}
                  {sync.error ? ` ${sync.error}` : ""}
                </Text>
              </InlineStack>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="sync-tag" />
              <Button submit loading={navigation.state === "submitting"}>
                Sync to customer tag
              </Button>
            </Form>
          </BlockStack>
        </Card>
        <SearchCard search={search} />
        {total === 0 && !search ? (
          <Banner tone="info">No customers are in this segment right now.</Banner>
        ) : null}
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "customer", plural: "customers" }}
            itemCount={members.length}
            selectable={false}
            headings={[
              { title: "Customer" },
              { title: "Email" },
              { title: "R F M" },
              { title: "Orders", alignment: "end" },
              { title: "Net spend", alignment: "end" },
              { title: "Last order" },
            ]}
            emptyState={
              <Text as="p" alignment="center">
                {search ? `No customer in ${segment} matches “${search}”.` : "No customers in this segment."}
              </Text>
            }
          >
            {members.map((member, index) => (
              <IndexTable.Row id={member.customerId} key={member.customerId} position={index}>
                <IndexTable.Cell>{[member.firstName, member.lastName].filter(Boolean).join(" ") || `Customer ${member.customerId}`}</IndexTable.Cell>
                <IndexTable.Cell>{member.email ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>{`${member.r} ${member.f} ${member.m}`}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {member.orderCount}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {formatMoney(member.netCents, currencyCode)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{member.lastOrderAt.slice(0, 10)}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <PageFooter total={total} noun="customers" page={page} pageCount={pageCount} />
      </BlockStack>
    </Page>
  );
}
