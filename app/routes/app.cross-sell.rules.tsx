import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, ButtonGroup, Card, InlineError, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import type { CategoryKind, Criterion } from "~/cross-sell/rules";
import { rulesPageData } from "~/cross-sell/rules-overview.server";
import { deleteRule, saveRule } from "~/cross-sell/rules.server";
import { db } from "~/db.server";
import { enqueueTask } from "~/jobs/queue.server";
import { authenticate } from "~/shopify.server";
import { enqueueBundleDiscountRefresh } from "~/jobs/tasks.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await rulesPageData(db, session.shop));
};

const intentSchema = z.object({
  intent: z.enum(["save", "delete", "refresh-collections"], { errorMap: () => ({ message: "Unknown action" }) }),
  id: z.string().optional(),
  kind: z.string().optional(),
});

type ActionData = { intent: string; kind?: string; ok: boolean; message?: string; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = intentSchema.safeParse(form);
  if (!parsed.success) return json<ActionData>({ intent: "unknown", ok: false, errors: { form: parsed.error.issues[0].message } }, { status: 400 });
  const { intent, id, kind } = parsed.data;
  if (intent === "refresh-collections") {
    await enqueueTask("syncCollections", { shop: session.shop }, { unique: true });
    return json<ActionData>({ intent, ok: true, message: "Refreshing collections from Shopify…", errors: {} });
  }
  if (intent === "delete") {
    const deleted = id ? await deleteRule(db, session.shop, id) : false;
    if (!deleted) return json<ActionData>({ intent, ok: false, errors: { form: "That rule no longer exists" } }, { status: 404 });
    await enqueueBundleDiscountRefresh(session.shop);
    return json<ActionData>({ intent, ok: true, message: "Rule deleted", errors: {} });
  }
  const { intent: _intent, ...fields } = form;
  const result = await saveRule(db, session.shop, { ...fields, id: id || undefined });
  if (!result.ok) return json<ActionData>({ intent, kind, ok: false, errors: result.errors }, { status: 400 });
  await enqueueBundleDiscountRefresh(session.shop);
  return json<ActionData>({ intent, kind, ok: true, message: "Rule saved", errors: {} });
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Rule = Data["rules"][number];

const CATEGORY_LABELS: Record<CategoryKind, string> = { collection: "Collection", "product-type": "Product type", vendor: "Vendor", tag: "Tag" };

function useNames(data: Data) {
  const products = new Map(data.products.map((p) => [p.id, p.title]));
  const collections = new Map(data.collections.map((c) => [c.id, c.title]));
  return {
    product: (id: string) => products.get(id) ?? `Product ${id} (deleted)`,
    criterion: (c: Criterion) => `${CATEGORY_LABELS[c.kind]}: ${c.kind === "collection" ? (collections.get(c.value) ?? `#${c.value}`) : c.value}`,
  };
}

function DeleteButton({ id }: { id: string }) {
  return (
    <Form method="post" style={{ display: "inline" }}>
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="id" value={id} />
      <Button submit tone="critical" variant="plain">
        Delete
      </Button>
    </Form>
  );
}

function ProductSelect(props: { label: string; name?: string; value: string; onChange: (value: string) => void; error?: string; data: Data; placeholder?: string }) {
  return (
    <Select
      label={props.label}
      name={props.name}
      options={[{ label: props.placeholder ?? "Choose a product", value: "" }, ...props.data.products.map((p) => ({ label: p.title, value: p.id }))]}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}

function errorsFor(actionData: ActionData | undefined, kind: string) {
  return actionData && !actionData.ok && actionData.kind === kind ? actionData.errors : {};
}

function PinForm({ data, editing, onDone }: { data: Data; editing: Extract<Rule, { kind: "pin" }> | null; onDone: () => void }) {
  const actionData = useActionData<typeof action>();
  const names = useNames(data);
  const errors = errorsFor(actionData, "pin");
  const [productId, setProductId] = useState(editing?.productId ?? "");
  const [complements, setComplements] = useState<string[]>(editing?.complementIds ?? []);
  const move = (index: number, by: -1 | 1) =>
    setComplements((list) => {
      const next = [...list];
      [next[index], next[index + by]] = [next[index + by], next[index]];
      return next;
    });
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="kind" value="pin" />
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <input type="hidden" name="complementIds" value={complements.join(",")} />
      <BlockStack gap="200">
        <ProductSelect label="For product" name="productId" value={productId} onChange={setProductId} error={errors.productId} data={data} />
        <ProductSelect
          label="Add a complement"
          placeholder="Choose a product to add"
          value=""
          onChange={(id) => id && setComplements((list) => (list.includes(id) ? list : [...list, id]))}
          data={data}
        />
        {complements.map((id, index) => (
          <InlineStack key={id} align="space-between" blockAlign="center">
            <Text as="span">
              {index + 1}. {names.product(id)}
            </Text>
            <ButtonGroup>
              <Button disabled={index === 0} onClick={() => move(index, -1)} accessibilityLabel="Move up">
                ↑
              </Button>
              <Button disabled={index === complements.length - 1} onClick={() => move(index, 1)} accessibilityLabel="Move down">
                ↓
              </Button>
              <Button onClick={() => setComplements((list) => list.filter((x) => x !== id))} accessibilityLabel="Remove">
                ✕
              </Button>
            </ButtonGroup>
          </InlineStack>
        ))}
        {errors.complementIds ? <InlineError message={errors.complementIds} fieldID="complementIds" /> : null}
        <InlineStack gap="200">
          <Button submit variant="primary">
            {editing ? "Save pin" : "Add pin"}
          </Button>
          {editing ? <Button onClick={onDone}>Cancel</Button> : null}
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

function ExclusionForm({ data, editing, onDone }: { data: Data; editing: Extract<Rule, { kind: "exclude" | "exclude-pair" }> | null; onDone: () => void }) {
  const actionData = useActionData<typeof action>();
  const [kind, setKind] = useState<"exclude" | "exclude-pair">(editing?.kind ?? "exclude");
  const errors = errorsFor(actionData, kind);
  const [productId, setProductId] = useState(editing?.productId ?? "");
  const [otherProductId, setOtherProductId] = useState(editing?.kind === "exclude-pair" ? editing.otherProductId : "");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="kind" value={kind} />
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <BlockStack gap="200">
        <Select
          label="Exclusion"
          options={[
            { label: "Never recommend a product", value: "exclude" },
            { label: "Never show two products together", value: "exclude-pair" },
          ]}
          value={kind}
          onChange={(value) => setKind(value as typeof kind)}
        />
        <ProductSelect label="Product" name="productId" value={productId} onChange={setProductId} error={errors.productId} data={data} />
        {kind === "exclude-pair" ? (
          <ProductSelect label="Never together with" name="otherProductId" value={otherProductId} onChange={setOtherProductId} error={errors.otherProductId} data={data} />
        ) : null}
        <InlineStack gap="200">
          <Button submit variant="primary">
            {editing ? "Save exclusion" : "Add exclusion"}
          </Button>
          {editing ? <Button onClick={onDone}>Cancel</Button> : null}
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

function CategoryValue(props: { data: Data; kind: CategoryKind; label: string; name?: string; value: string; onChange: (v: string) => void; error?: string }) {
  const { data, kind } = props;
  const options =
    kind === "collection"
      ? data.collections.map((c) => ({ label: c.title, value: c.id }))
      : kind === "product-type"
        ? data.productTypes.map((t) => ({ label: t, value: t }))
        : kind === "vendor"
          ? data.vendors.map((v) => ({ label: v, value: v }))
          : null;
  if (!options) return <TextField label={props.label} name={props.name} value={props.value} onChange={props.onChange} error={props.error} autoComplete="off" />;
  return <Select label={props.label} name={props.name} options={[{ label: "Choose…", value: "" }, ...options]} value={props.value} onChange={props.onChange} error={props.error} />;
}

const KIND_OPTIONS = (Object.keys(CATEGORY_LABELS) as CategoryKind[]).map((value) => ({ label: CATEGORY_LABELS[value], value }));

function CategoryForm({ data, editing, onDone }: { data: Data; editing: Extract<Rule, { kind: "category" }> | null; onDone: () => void }) {
  const actionData = useActionData<typeof action>();
  const names = useNames(data);
  const errors = errorsFor(actionData, "category");
  const [matchKind, setMatchKind] = useState<CategoryKind>(editing?.match.kind ?? "collection");
  const [matchValue, setMatchValue] = useState(editing?.match.value ?? "");
  const [targets, setTargets] = useState<Criterion[]>(editing?.targets ?? []);
  const [targetKind, setTargetKind] = useState<CategoryKind>("collection");
  const [targetValue, setTargetValue] = useState("");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="kind" value="category" />
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <input type="hidden" name="targets" value={targets.map((t) => `${t.kind}:${t.value}`).join("\n")} />
      <BlockStack gap="200">
        <InlineStack gap="200" wrap={false}>
          <Select
            label="For products by"
            name="matchKind"
            options={KIND_OPTIONS}
            value={matchKind}
            onChange={(value) => {
              setMatchKind(value as CategoryKind);
              setMatchValue("");
            }}
            error={errors.matchKind}
          />
          <CategoryValue data={data} kind={matchKind} label="that is" name="matchValue" value={matchValue} onChange={setMatchValue} error={errors.matchValue} />
        </InlineStack>
        <InlineStack gap="200" wrap={false} blockAlign="end">
          <Select
            label="Recommend from"
            options={KIND_OPTIONS}
            value={targetKind}
            onChange={(value) => {
              setTargetKind(value as CategoryKind);
              setTargetValue("");
            }}
          />
          <CategoryValue data={data} kind={targetKind} label="that is" value={targetValue} onChange={setTargetValue} />
          <Button
            disabled={!targetValue.trim()}
            onClick={() => {
              const next = { kind: targetKind, value: targetValue.trim() };
              if (!targets.some((t) => t.kind === next.kind && t.value === next.value)) setTargets([...targets, next]);
              setTargetValue("");
            }}
          >
            Add
          </Button>
        </InlineStack>
        {targets.map((target) => (
          <InlineStack key={`${target.kind}:${target.value}`} align="space-between" blockAlign="center">
            <Text as="span">{names.criterion(target)}</Text>
            <Button variant="plain" onClick={() => setTargets(targets.filter((t) => t !== target))}>
              Remove
            </Button>
          </InlineStack>
        ))}
        {errors.targets ? <InlineError message={errors.targets} fieldID="targets" /> : null}
        <InlineStack gap="200">
          <Button submit variant="primary">
            {editing ? "Save rule" : "Add rule"}
          </Button>
          {editing ? <Button onClick={onDone}>Cancel</Button> : null}
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

function CollectionsCard({ data }: { data: Data }) {
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const running = data.collectionSync?.status === "running";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1500);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Collections
        </Text>
        <Text as="p">
          {data.collections.length} collections from your store
          {data.collectionSync?.finishedAt ? `, read ${data.collectionSync.finishedAt.slice(0, 16).replace("T", " ")} UTC` : ""}.
          {running ? " Refreshing…" : ""}
        </Text>
        {data.collectionSync?.status === "failed" ? <Banner tone="critical">The last refresh failed: {data.collectionSync.error}</Banner> : null}
        <Form method="post">
          <input type="hidden" name="intent" value="refresh-collections" />
          <Button submit loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "refresh-collections"}>
            Refresh collections
          </Button>
        </Form>
      </BlockStack>
    </Card>
  );
}

export default function CrossSellRules() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const names = useNames(data);
  const [editing, setEditing] = useState<Rule | null>(null);
  // Bumped after each successful save, so the "new rule" forms start empty again.
  const [saved, setSaved] = useState(0);
  useEffect(() => {
    if (actionData?.ok && actionData.message) {
      window.shopify?.toast?.show(actionData.message);
      setEditing(null);
      setSaved((n) => n + 1);
    }
  }, [actionData]);
  const pins = data.rules.filter((r): r is Extract<Rule, { kind: "pin" }> => r.kind === "pin");
  const exclusions = data.rules.filter((r): r is Extract<Rule, { kind: "exclude" | "exclude-pair" }> => r.kind === "exclude" || r.kind === "exclude-pair");
  const categories = data.rules.filter((r): r is Extract<Rule, { kind: "category" }> => r.kind === "category");
  const editingPin = editing?.kind === "pin" ? editing : null;
  const editingCategory = editing?.kind === "category" ? editing : null;
  const editingExclusion = editing?.kind === "exclude" || editing?.kind === "exclude-pair" ? editing : null;
  return (
    <Page title="Cross-sell rules" backAction={{ content: "Cross-sell", url: "/app/cross-sell" }}>
      <TitleBar title="Cross-sell rules" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {actionData?.ok && actionData.message ? <Banner tone="success">{actionData.message}</Banner> : null}
            {actionData && !actionData.ok && actionData.errors.form ? <Banner tone="critical">{actionData.errors.form}</Banner> : null}
            {actionData && !actionData.ok && !actionData.errors.form ? <Banner tone="critical">Nothing was saved: check the fields marked below.</Banner> : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Pinned complements
                </Text>
                <Text as="p" tone="subdued">
                  For a product, the complements shoppers see first, in your order.
                </Text>
                {pins.map((rule) => (
                  <RuleRow key={rule.id} id={rule.id} label={`${names.product(rule.productId)} → ${rule.complementIds.map(names.product).join(", ")}`} onEdit={() => setEditing(rule)} />
                ))}
                <PinForm key={editingPin?.id ?? `new-pin-${saved}`} data={data} editing={editingPin} onDone={() => setEditing(null)} />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Exclusions
                </Text>
                {exclusions.map((rule) => (
                  <RuleRow
                    key={rule.id}
                    id={rule.id}
                    label={
                      rule.kind === "exclude"
                        ? `Never recommend ${names.product(rule.productId)}`
                        : `Never show ${names.product(rule.productId)} with ${names.product(rule.otherProductId)}`
                    }
                    onEdit={() => setEditing(rule)}
                  />
                ))}
                <ExclusionForm key={editingExclusion?.id ?? `exclusion-${saved}`} data={data} editing={editingExclusion} onDone={() => setEditing(null)} />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Category rules
                </Text>
                <Text as="p" tone="subdued">
                  &quot;For products in Cameras, recommend from Lenses and Memory cards&quot;. Encore ranks the candidates by your orders
                  (bought with the product first, then best sellers).
                </Text>
                {categories.map((rule) => (
                  <RuleRow key={rule.id} id={rule.id} label={`For ${names.criterion(rule.match)} → ${rule.targets.map(names.criterion).join(", ")}`} onEdit={() => setEditing(rule)} />
                ))}
                <CategoryForm key={editingCategory?.id ?? `new-category-${saved}`} data={data} editing={editingCategory} onDone={() => setEditing(null)} />
              </BlockStack>
            </Card>
            <CollectionsCard data={data} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** One saved rule in its card: what it says, and its Edit and Delete actions. */
function RuleRow({ id, label, onEdit }: { id: string; label: string; onEdit: () => void }) {
  return (
    <InlineStack align="space-between" blockAlign="center">
      <Text as="span">{label}</Text>
      <InlineStack gap="200">
        <Button variant="plain" onClick={onEdit}>
          Edit
        </Button>
        <DeleteButton id={id} />
      </InlineStack>
    </InlineStack>
  );
}
