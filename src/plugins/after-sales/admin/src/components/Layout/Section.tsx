import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

/** A titled white panel of a settings or report page, with an optional hint and actions on the right. */
export const Section = ({ title, subtitle, actions, testId, children }: { title: string; subtitle?: string; actions?: React.ReactNode; testId?: string; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} data-testid={testId}>
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {title}
          </Typography>
          {subtitle && (
            <Typography variant="pi" textColor="neutral600">
              {subtitle}
            </Typography>
          )}
        </Flex>
        {actions}
      </Flex>
      {children}
    </Flex>
  </Box>
);
