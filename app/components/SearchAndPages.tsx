import { Form, useSearchParams } from "@remix-run/react";
import { Button, Card, InlineStack, Pagination, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

/** The search box above a searchable admin list: a GET form, so the search is in the URL. */
export function SearchCard({ search, label = "Search by name or email" }: { search: string; label?: string }) {
  const [text, setText] = useState(search);
  return (
    <Card>
      <Form method="get">
        <InlineStack gap="200" blockAlign="end">
          <div style={{ flexGrow: 1 }}>
            <TextField label={label} name="search" value={text} onChange={setText} autoComplete="off" />
          </div>
          <Button submit>Search</Button>
        </InlineStack>
      </Form>
    </Card>
  );
}

/** "848 customers · page 2 of 34" and previous/next links that keep the other query parameters. */
export function PageFooter({ total, noun, page, pageCount }: { total: number; noun: string; page: number; pageCount: number }) {
  const [params] = useSearchParams();
  const pageHref = (target: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(target));
    return `?${next.toString()}`;
  };
  return (
    <InlineStack align="space-between" blockAlign="center">
      <Text as="p" tone="subdued">
        {`${total.toLocaleString("en-US")} ${noun} · page ${page} of ${pageCount}`}
      </Text>
      <Pagination
        hasPrevious={page > 1}
        previousURL={page > 1 ? pageHref(page - 1) : undefined}
        hasNext={page < pageCount}
        nextURL={page < pageCount ? pageHref(page + 1) : undefined}
      />
    </InlineStack>
  );
}
