// The model card's 3D viewer (three.js). This module and three.js are a chunk of their own,
// imported by the model card only once it is on screen.
//
// STL files are Z-up millimetres; the scene is Y-up with one unit per millimetre, the model
// standing centred on a build plate drawn to scale (256 mm square by default).
import {
  AmbientLight,
  Box3,
  BufferGeometry,
  Color,
  DirectionalLight,
  GridHelper,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  PlaneGeometry,
  MeshBasicMaterial,
  Scene,
  Vector3,
  WebGLRenderer,
} from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { STLLoader } from "three/examples/jsm/loaders/STLLoader.js";

/** Colours of the scene, read from HA's theme by the card. */
export interface ViewerColors {
  background: string;
  plate: string;
  grid: string;
  model: string;
}

/** A 3D view of one STL model on a build plate, inside `container`. */
export class StlViewer {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(40, 1, 1, 10000);
  private readonly controls: OrbitControls;
  private readonly resize: ResizeObserver;
  private model?: Mesh;
  private plate?: { size: number; meshes: (Mesh | GridHelper)[] };

  /** Raise an Error when the browser gives no WebGL context. */
  constructor(
    private readonly container: HTMLElement,
    private colors: ViewerColors,
  ) {
    this.renderer = new WebGLRenderer({ antialias: true });
    this.renderer.setPixelRatio(window.devicePixelRatio);
    container.append(this.renderer.domElement);
    this.scene.add(new AmbientLight(0xffffff, 1.2));
    const sun = new DirectionalLight(0xffffff, 2.2);
    sun.position.set(1, 2, 1.5);
    this.scene.add(sun);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.addEventListener("change", () => this.render());
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(container);
    this.setColors(colors);
  }

  /** Follow the theme (light or dark). */
  setColors(colors: ViewerColors): void {
    this.colors = colors;
    this.scene.background = new Color(colors.background);
    (this.model?.material as MeshStandardMaterial | undefined)?.color.set(colors.model);
    if (this.plate) this.setPlate(this.plate.size);
    this.render();
  }

  /** Draw the build plate, `size` mm square. */
  setPlate(size: number): void {
    for (const mesh of this.plate?.meshes ?? []) {
      this.scene.remove(mesh);
      mesh.geometry.dispose();
    }
    const plate = new Mesh(
      new PlaneGeometry(size, size).rotateX(-Math.PI / 2),
      new MeshBasicMaterial({ color: this.colors.plate }),
    );
    const grid = new GridHelper(size, Math.max(1, Math.round(size / 16)), this.colors.grid, this.colors.grid);
    grid.position.y = 0.05;
    this.scene.add(plate, grid);
    this.plate = { size, meshes: [plate, grid] };
  }

  /** Show the model in `stl` (binary or ASCII STL), standing on the plate; return its size. */
  show(stl: ArrayBuffer): Vector3 {
    const geometry: BufferGeometry = new STLLoader().parse(stl);
    geometry.rotateX(-Math.PI / 2);
    geometry.computeBoundingBox();
    const box = geometry.boundingBox as Box3;
    const center = box.getCenter(new Vector3());
    geometry.translate(-center.x, -box.min.y, -center.z);
    geometry.computeVertexNormals();
    if (this.model) {
      this.scene.remove(this.model);
      this.model.geometry.dispose();
    }
    this.model = new Mesh(
      geometry,
      new MeshStandardMaterial({ color: this.colors.model, roughness: 0.6, metalness: 0.05 }),
    );
    this.scene.add(this.model);
    const size = box.getSize(new Vector3());
    const reach = Math.max(size.x * 1.2, size.y * 1.2, size.z * 1.2, (this.plate?.size ?? 0) * 0.5);
    this.controls.target.set(0, size.y / 2, 0);
    this.camera.position.set(reach * 0.9, reach * 0.9 + size.y / 2, reach * 1.3);
    this.controls.update();
    this.fit();
    return size;
  }

  /** Size the canvas to the container and redraw. */
  private fit(): void {
    const width = this.container.clientWidth || 300;
    const height = this.container.clientHeight || 240;
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  private render(): void {
    this.renderer.render(this.scene, this.camera);
  }

  /** Free the GPU memory and stop listening. */
  dispose(): void {
    this.resize.disconnect();
    this.controls.dispose();
    this.scene.traverse((object) => {
      if (object instanceof Mesh) object.geometry.dispose();
    });
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }
}
