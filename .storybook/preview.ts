import type { Preview } from '@storybook/html-vite';
import '../stories/components/widgets.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};
export default preview;
