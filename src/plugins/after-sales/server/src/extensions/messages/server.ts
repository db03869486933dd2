import controller from './controller';
import messages from './messages';
import routes from './routes';
import surveys from './surveys';
import templateEditor from './template-editor';
import templateEditorController from './template-editor-controller';

/** What the messages extension adds to the plugin's server (collected by the bundling index, `extensions/index.ts`). */
export default {
  services: { messages, surveys, 'template-editor': templateEditor },
  controllers: { messages: controller, 'template-editor': templateEditorController },
  routes,
};
