// The catalogue feature's public surface.
export { acceptYamlBodies } from './apply/yaml-body';
export { CatalogueModule } from './catalogue.module';
