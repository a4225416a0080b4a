import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { SurveyLinksPanel } from './SurveyLinksPanel';
import { addStyles } from './styles';

addStyles();

export default defineFrontendPlugin({
  name: 'survey-links',
  slots: {
    // On the sources plugin's page, right after its Details: where a vetter looks first.
    'source.panels': [{ id: 'survey-links', title: 'Survey links', order: 5, component: SurveyLinksPanel }],
  },
});
