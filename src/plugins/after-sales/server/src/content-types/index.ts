import staffProfileSchema from './staff-profile/schema.json';
import messageTemplateSchema from './message-template/schema.json';

export default {
  'staff-profile': { schema: staffProfileSchema },
  'message-template': { schema: messageTemplateSchema },
};
