package dev.svcnet.ipvs;

/** {@code IP Virtual Server version 1.2.1 (size=4096)}. */
public record IpvsInfo(int versionCode, int connectionTableSize) {

  /** {@code 1.2.1} from 0x010201. */
  public String version() {
    return ((versionCode >> 16) & 0xFF) + "." + ((versionCode >> 8) & 0xFF) + "."
        + (versionCode & 0xFF);
  }
}
