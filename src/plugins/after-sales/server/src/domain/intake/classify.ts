/**
 * Declarative keyword rules (contribution point `classifiers`) that suggest a type, a severity and
 * a department when the caller gives none. The most severe matching suggestion wins per field.
 * A matching rule that says `complex` makes the issue complex (004 二(一): the 48 h promise).
 */
export interface ClassifierRule {
  /** Lower-case substrings; a rule matches when any of them occurs in the text. */
  keywords: string[];
  suggest: { type?: string; severity?: string; department?: string; complex?: boolean };
}

export interface Classifier {
  id: string;
  rules: ClassifierRule[];
}

export interface Classification {
  type?: string;
  severity?: string;
  department?: string;
  /** Some matching rule marks the issue complex. */
  complex?: boolean;
  matched: string[];
}

const SEVERITY_RANK: Record<string, number> = { urgent: 4, important: 3, general: 2, suggestion: 1 };

export const classify = (text: string, classifiers: Classifier[]): Classification => {
  const haystack = text.toLowerCase();
  const result: Classification = { matched: [] };
  for (const classifier of classifiers) {
    for (const rule of classifier.rules) {
      const hit = rule.keywords.find((k) => haystack.includes(k.toLowerCase()));
      if (!hit) continue;
      result.matched.push(`${classifier.id}:${hit}`);
      const { type, severity, department } = rule.suggest;
      if (rule.suggest.complex) result.complex = true;
      if (severity && (SEVERITY_RANK[severity] ?? 0) > (SEVERITY_RANK[result.severity ?? ''] ?? 0)) {
        result.severity = severity;
        if (type) result.type = type;
        if (department) result.department = department;
      } else {
        if (type && !result.type) result.type = type;
        if (department && !result.department) result.department = department;
      }
    }
  }
  return result;
};
