import * as React from 'react';
import { Button, Field, Flex, Textarea } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { ErrorSummary, readFile, useT } from './shared';

/**
 * Import on a settings page: the file's content (pasted, or read from a chosen file), options the
 * page adds as children, and the import button; the server's field errors above.
 */
export const ImportBox = ({
  content,
  onContent,
  accept,
  hint,
  errors,
  canImport = true,
  onImport,
  children,
}: {
  content: string;
  /** The new content, and the chosen file when it came from one. */
  onContent: (content: string, file?: File) => void;
  accept: string;
  hint?: string;
  errors: Record<string, string>;
  canImport?: boolean;
  onImport: () => void;
  children?: React.ReactNode;
}) => {
  const t = useT();
  const fileInput = React.useRef<HTMLInputElement>(null);
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <ErrorSummary errors={errors} />
      {children}
      <Field.Root name="content" error={errors.content} hint={hint}>
        <Field.Label>{t('sla.import.content', 'File content')}</Field.Label>
        <Textarea value={content} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onContent(e.target.value)} />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
      <Flex gap={2}>
        <input
          ref={fileInput}
          type="file"
          accept={accept}
          hidden
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) onContent(await readFile(file), file);
          }}
        />
        <Button variant="secondary" startIcon={<Upload />} onClick={() => fileInput.current?.click()}>
          {t('sla.import.pick', 'Choose a file')}
        </Button>
        <Button disabled={!content || !canImport} onClick={onImport}>
          {t('sla.import.run', 'Import')}
        </Button>
      </Flex>
    </Flex>
  );
};
