import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  /** @defaultValue 2 */
  numPartitions?: number;
}

/**
 * Creates the topics a service consumes when they do not exist yet (idempotent). Subscribing to
 * a missing topic fails in kafkajs instead of waiting for auto-creation; production clusters
 * create topics with the chart's Job and this changes nothing there.
 */
export async function ensureTopics(kafka: Kafka, topics: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions ?? 2 })) });
    } catch (error) {
      // Another process created it between listTopics and createTopics.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    }
  } finally {
    await admin.disconnect();
  }
}
