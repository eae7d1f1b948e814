import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, List, Page, Text } from "@shopify/polaris";

/** A section of the admin whose capability has not shipped yet: says plainly what it will do. */
export function UpcomingSection({ title, summary, points }: { title: string; summary: string; points: string[] }) {
  return (
    <Page title={title}>
      <TitleBar title={title} />
      <Card>
        <BlockStack gap="300">
          <Text as="p" variant="bodyMd">
            {summary}
          </Text>
          <List>
            {points.map((point) => (
              <List.Item key={point}>{point}</List.Item>
            ))}
          </List>
          <Text as="p" tone="subdued">
            Not available in this version of Encore yet.
          </Text>
        </BlockStack>
      </Card>
    </Page>
  );
}
