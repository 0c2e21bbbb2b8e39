import { join } from 'node:path';
import ts from 'typescript';

const OPTIONS_FILE = join(__dirname, '..', '..', 'src', 'dcr', 'options', 'dcr-module-options.interface.ts');

/**
 * Every option path of `DcrModuleOptions`, read from the TypeScript type itself:
 * `processors.scope.allowed`, `initialAccessToken.tokens[].profile.scopes`,
 * `authorizationServers.<id>` (whose members are the top-level server options).
 */
export function optionPaths(): string[] {
  const program = ts.createProgram([OPTIONS_FILE], { strict: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(OPTIONS_FILE)!;
  const root = source.statements.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === 'DcrModuleOptions')!;
  const paths: string[] = [];

  const walk = (type: ts.Type, prefix: string) => {
    for (const property of checker.getPropertiesOfType(type)) {
      let propertyType = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, root));
      let path = prefix ? `${prefix}.${property.name}` : property.name;
      if (property.name === 'authorizationServers') {
        paths.push(`${path}.<id>`);
        continue;
      }
      paths.push(path);
      if (checker.isArrayType(propertyType)) {
        propertyType = checker.getTypeArguments(propertyType as ts.TypeReference)[0];
        path = `${path}[]`;
      }
      // Recurse into the option interfaces of this file (not into strings, unions or JWK objects).
      const declaration = propertyType.getSymbol()?.declarations?.[0];
      if (declaration && ts.isInterfaceDeclaration(declaration) && declaration.getSourceFile() === source) walk(propertyType, path);
    }
  };
  walk(checker.getTypeAtLocation(root), '');
  return paths;
}
