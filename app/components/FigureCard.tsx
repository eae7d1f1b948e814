import { BlockStack, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A headline figure with a line that explains it (and optional notes below). */
export function FigureCard({ title, value, detail, children }: { title: string; value: string; detail: string; children?: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        <Text as="p" tone="subdued">
          {detail}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}
