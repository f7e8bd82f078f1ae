/**
 * Known attestation roots, published by their vendors, as named, frozen, OPT-IN constants.
 * Nothing in this library applies them on its own: a caller passes the ones it chooses (e.g.
 * `trustAnchors: { apple: [APPLE_WEBAUTHN_ROOT_CA.pem] }`), so a root rotation or distrust is a
 * visible change in the caller's code, never a silent one.
 *
 * Each entry records where the vendor publishes it (`source`), its subject (RFC 4514 order as
 * encoded, short names) and the SHA-256 fingerprint of its DER; test/unit/x509/roots.test.ts
 * checks all three against the bytes. The bytes were taken from fixtures/webauthn trustAnchors and
 * fixtures/android-key-attestation/google-roots.json (provenance in fixtures/MANIFEST.json);
 * subject, validity and fingerprint were computed by us from those bytes (openssl and our own
 * parser agree). Compare the fingerprint with the vendor's page before relying on a constant.
 *
 * The Google RSA root comes in four issues with one key (2016, expired 2026-05-24; 2019; 2021; 2022).
 * Path validation treats a chain certificate with an anchor's subject and key as that anchor
 * (src/x509/path.ts), so devices whose x5c ends in the expired 2016 certificate validate against a
 * current issue.
 *
 * Google's EC P-384 "Key Attestation CA1" (2025-2035) signs Remote Key Provisioning chains from
 * 2026-02-01; without it new Android devices do not validate. It is a new key, so its bytes rest on
 * their source: Google's own repository android/keyattestation (roots.json at commit 47f970d0), with
 * the fingerprint cross-checked against an independent public pin (fixtures/android-key-attestation/
 * README.md); test/vectors/android-key-ca1.test.ts validates two real CA1 chains to it.
 */

export interface KnownRoot {
  readonly name: string;
  readonly pem: string;
  /** Subject as encoded, e.g. "CN=Apple WebAuthn Root CA, O=Apple Inc., ST=California". */
  readonly subject: string;
  /** SHA-256 of the DER, lowercase hex. */
  readonly sha256Fingerprint: string;
  /** Where the vendor publishes the certificate. */
  readonly source: string;
  readonly notAfter: string;
  /** Formats whose statements chain to this root. */
  readonly formats: readonly string[];
}

const GOOGLE_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIFYDCCA0igAwIBAgIJAOj6GWMU0voYMA0GCSqGSIb3DQEBCwUAMBsxGTAXBgNV',
  'BAUTEGY5MjAwOWU4NTNiNmIwNDUwHhcNMTYwNTI2MTYyODUyWhcNMjYwNTI0MTYy',
  'ODUyWjAbMRkwFwYDVQQFExBmOTIwMDllODUzYjZiMDQ1MIICIjANBgkqhkiG9w0B',
  'AQEFAAOCAg8AMIICCgKCAgEAr7bHgiuxpwHsK7Qui8xUFmOr75gvMsd/dTEDDJdS',
  'Sxtf6An7xyqpRR90PL2abxM1dEqlXnf2tqw1Ne4Xwl5jlRfdnJLmN0pTy/4lj4/7',
  'tv0Sk3iiKkypnEUtR6WfMgH0QZfKHM1+di+y9TFRtv6y//0rb+T+W8a9nsNL/ggj',
  'nar86461qO0rOs2cXjp3kOG1FEJ5MVmFmBGtnrKpa73XpXyTqRxB/M0n1n/W9nGq',
  'C4FSYa04T6N5RIZGBN2z2MT5IKGbFlbC8UrW0DxW7AYImQQcHtGl/m00QLVWutHQ',
  'oVJYnFPlXTcHYvASLu+RhhsbDmxMgJJ0mcDpvsC4PjvB+TxywElgS70vE0XmLD+O',
  'JtvsBslHZvPBKCOdT0MS+tgSOIfga+z1Z1g7+DVagf7quvmag8jfPioyKvxnK/Eg',
  'sTUVi2ghzq8wm27ud/mIM7AY2qEORR8Go3TVB4HzWQgpZrt3i5MIlCaY504LzSRi',
  'igHCzAPlHws+W0rB5N+er5/2pJKnfBSDiCiFAVtCLOZ7gLiMm0jhO2B6tUXHI/+M',
  'RPjy02i59lINMRRev56GKtcd9qO/0kUJWdZTdA2XoS82ixPvZtXQpUpuL12ab+9E',
  'aDK8Z4RHJYYfCT3Q5vNAXaiWQ+8PTWm2QgBR/bkwSWc+NpUFgNPN9PvQi8WEg5Um',
  'AGMCAwEAAaOBpjCBozAdBgNVHQ4EFgQUNmHhAHyIBQlRi0RsR/8aTMnqTxIwHwYD',
  'VR0jBBgwFoAUNmHhAHyIBQlRi0RsR/8aTMnqTxIwDwYDVR0TAQH/BAUwAwEB/zAO',
  'BgNVHQ8BAf8EBAMCAYYwQAYDVR0fBDkwNzA1oDOgMYYvaHR0cHM6Ly9hbmRyb2lk',
  'Lmdvb2dsZWFwaXMuY29tL2F0dGVzdGF0aW9uL2NybC8wDQYJKoZIhvcNAQELBQAD',
  'ggIBACDIw41L3KlXG0aMiS//cqrG+EShHUGo8HNsw30W1kJtjn6UBwRM6jnmiwfB',
  'Pb8VA91chb2vssAtX2zbTvqBJ9+LBPGCdw/E53Rbf86qhxKaiAHOjpvAy5Y3m00m',
  'qC0w/Zwvju1twb4vhLaJ5NkUJYsUS7rmJKHHBnETLi8GFqiEsqTWpG/6ibYCv7rY',
  'DBJDcR9W62BW9jfIoBQcxUCUJouMPH25lLNcDc1ssqvC2v7iUgI9LeoM1sNovqPm',
  'QUiG9rHli1vXxzCyaMTjwftkJLkf6724DFhuKug2jITV0QkXvaJWF4nUaHOTNA4u',
  'JU9WDvZLI1j83A+/xnAJUucIv/zGJ1AMH2boHqF8CY16LpsYgBt6tKxxWH00XcyD',
  'CdW2KlBCeqbQPcsFmWyWugxdcekhYsAWyoSf818NUsZdBWBaR/OukXrNLfkQ79Iy',
  'ZohZbvabO/X+MVT3rriAoKc8oE2Uws6DF+60PV7/WIPjNvXySdqspImSN78mflxD',
  'qwLqRBYkA3I75qppLGG9rp7UCdRjxMl8ZDBld+7yvHVgt1cVzJx9xnyGCC23Uaic',
  'MDSXYrB4I4WHXPGjxhZuCuPBLTdOLU8YRvMYdEvYebWHMpvwGCF6bAx3JBpIeOQ1',
  'wDB5y0USicV3YgYGmi+NZfhA4URSh77Yd6uuJOJENRaNVTzk',
  '-----END CERTIFICATE-----',
].join('\n');

const GSR1_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDdTCCAl2gAwIBAgILBAAAAAABFUtaw5QwDQYJKoZIhvcNAQEFBQAwVzELMAkG',
  'A1UEBhMCQkUxGTAXBgNVBAoTEEdsb2JhbFNpZ24gbnYtc2ExEDAOBgNVBAsTB1Jv',
  'b3QgQ0ExGzAZBgNVBAMTEkdsb2JhbFNpZ24gUm9vdCBDQTAeFw05ODA5MDExMjAw',
  'MDBaFw0yODAxMjgxMjAwMDBaMFcxCzAJBgNVBAYTAkJFMRkwFwYDVQQKExBHbG9i',
  'YWxTaWduIG52LXNhMRAwDgYDVQQLEwdSb290IENBMRswGQYDVQQDExJHbG9iYWxT',
  'aWduIFJvb3QgQ0EwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDaDuaZ',
  'jc6j40+Kfvvxi4Mla+pIH/EqsLmVEQS98GPR4mdmzxzdzxtIK+6NiY6arymAZavp',
  'xy0Sy6scTHAHoT0KMM0VjU/43dSMUBUc71DuxC73/OlS8pF94G3VNTCOXkNz8kHp',
  '1Wrjsok6Vjk4bwY8iGlbKk3Fp1S4bInMm/k8yuX9ifUSPJJ4ltbcdG6TRGHRjcdG',
  'snUOhugZitVtbNV4FpWi6cgKOOvyJBNPc1STE4U6G7weNLWLBYy5d4ux2x8gkasJ',
  'U26Qzns3dLlwR5EiUWMWea6xrkEmCMgZK9FGqkjWZCrXgzT/LCrBbBlDSgeF59N8',
  '9iFo7+ryUp9/k5DPAgMBAAGjQjBAMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMBAf8E',
  'BTADAQH/MB0GA1UdDgQWBBRge2YaRQ2XyolQL30EzTSo//z9SzANBgkqhkiG9w0B',
  'AQUFAAOCAQEA1nPnfE920I2/7LqivjTFKDK1fPxsnCwrvQmeU79rXqoRSLblCKOz',
  'yj1hTdNGCbM+w6DjY1Ub8rrvrTnhQ7k4o+YviiY776BQVvnGCv04zcQLcFGUl5gE',
  '38NflNUVyRRBnMRddWQVDf9VMOyGj/8N7yy5Y0b2qvzfvGn9LhJIZJrglfCm7ymP',
  'AbEVtQwdpf5pLGkkeB6zpxxxYu7KyJesF12KwvhHhm4qxFYxldBniYUr+WymXUad',
  'DKqC5JlR3XC321Y9YeRq4VzW9v493kHMB65jUr9TU/Qr6cf9tveCX4XSQRjbgbME',
  'HMUfpIBvFSDJ3gyICh3WZlXi/EjJKSZp4A==',
  '-----END CERTIFICATE-----',
].join('\n');

const GSR2_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDvDCCAqSgAwIBAgINAgPk9GHsmdnVeWbKejANBgkqhkiG9w0BAQUFADBMMSAw',
  'HgYDVQQLExdHbG9iYWxTaWduIFJvb3QgQ0EgLSBSMjETMBEGA1UEChMKR2xvYmFs',
  'U2lnbjETMBEGA1UEAxMKR2xvYmFsU2lnbjAeFw0wNjEyMTUwODAwMDBaFw0yMTEy',
  'MTUwODAwMDBaMEwxIDAeBgNVBAsTF0dsb2JhbFNpZ24gUm9vdCBDQSAtIFIyMRMw',
  'EQYDVQQKEwpHbG9iYWxTaWduMRMwEQYDVQQDEwpHbG9iYWxTaWduMIIBIjANBgkq',
  'hkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAps8kDr4ubyiZRULEqz4hVJsL03+EcPoS',
  's8u/h1/Gf4bTsjBc1v2t8Xvc5fhglgmSEPXQU977e35ziKxSiHtKpspJpl6op4xa',
  'Ebx6guu+jOmzrJYlB5dKmSoHL7Qed7+KD7UCfBuWuMW5Oiy81hK561l94tAGhl9e',
  'SWq1OV6INOy8eAwImIRsqM1LtKB9DHlN8LgtyyHK1WxbfeGgKYSh+dOUScskYpEg',
  'vN0L1dnM+eonCitzkcadG6zIy+jgoPQvkItN+7A2G/YZeoXgbfJhE4hcn+CTClGX',
  'ilrOr6vV96oJqmC93Nlf33KpYBNeAAHJSvo/pOoHAyECjoLKA8KbjwIDAQABo4Gc',
  'MIGZMA4GA1UdDwEB/wQEAwIBhjAPBgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBSb',
  '4gdXZxwewGoG3lm0mi3f3BmGLjAfBgNVHSMEGDAWgBSb4gdXZxwewGoG3lm0mi3f',
  '3BmGLjA2BgNVHR8ELzAtMCugKaAnhiVodHRwOi8vY3JsLmdsb2JhbHNpZ24ubmV0',
  'L3Jvb3QtcjIuY3JsMA0GCSqGSIb3DQEBBQUAA4IBAQANeX81Z1YqDIs4EaLjG0qP',
  'OxIzaJI/y4kiRj3a+y3KOx74clIkLuMgi/9/5iv/n+1LyhGU9g7174slbzJOPbSp',
  'p1eT19ST2mYbdgTLx/hm3tTLoHIY/w4ZbnQYwfnPwAG4RefnEFYPQJmpD+Wh8BJw',
  'Bgtm2drTale/T6NBwmwnEFunfaMfMX3g6IBrx7VKnxIkJh/3p190WveLKgl9n7i5',
  'SWce/4woPimEn9WfEQWRvp6wKhaCKFjuCMuulEZusoOUJ4LfJnXxcuQTgIrSnwI7',
  'KfSSjsd42w3lX1fbgJp7vPmLM6OBRvAXuYRKTFqMAWbb7OaGIEE+cbxY6PDepnva',
  '-----END CERTIFICATE-----',
].join('\n');

const APPLE_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIICEjCCAZmgAwIBAgIQaB0BbHo84wIlpQGUKEdXcTAKBggqhkjOPQQDAzBLMR8w',
  'HQYDVQQDDBZBcHBsZSBXZWJBdXRobiBSb290IENBMRMwEQYDVQQKDApBcHBsZSBJ',
  'bmMuMRMwEQYDVQQIDApDYWxpZm9ybmlhMB4XDTIwMDMxODE4MjEzMloXDTQ1MDMx',
  'NTAwMDAwMFowSzEfMB0GA1UEAwwWQXBwbGUgV2ViQXV0aG4gUm9vdCBDQTETMBEG',
  'A1UECgwKQXBwbGUgSW5jLjETMBEGA1UECAwKQ2FsaWZvcm5pYTB2MBAGByqGSM49',
  'AgEGBSuBBAAiA2IABCJCQ2pTVhzjl4Wo6IhHtMSAzO2cv+H9DQKev3//fG59G11k',
  'xu9eI0/7o6V5uShBpe1u6l6mS19S1FEh6yGljnZAJ+2GNP1mi/YK2kSXIuTHjxA/',
  'pcoRf7XkOtO4o1qlcaNCMEAwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4EFgQUJtdk',
  '2cV4wlpn0afeaxLQG2PxxtcwDgYDVR0PAQH/BAQDAgEGMAoGCCqGSM49BAMDA2cA',
  'MGQCMFrZ+9DsJ1PW9hfNdBywZDsWDbWFp28it1d/5w2RPkRX3Bbn/UbDTNLx7Jr3',
  'jAGGiQIwHFj+dJZYUJR786osByBelJYsVZd2GbHQu209b5RCmGQ21gpSAk9QZW4B',
  '1bWeT0vT',
  '-----END CERTIFICATE-----',
].join('\n');

/**
 * The 2019 and 2021 re-issues of the Google root: same subject, same RSA key, later expiry. Their
 * bytes come from a public repository's copy of Google's root list; we established them ourselves:
 * each has exactly the SubjectPublicKeyInfo of the 2016 root (whose fingerprint matches Google's
 * page) and a self-signature that verifies under it, which only the holder of Google's root key
 * can produce (test/unit/x509/roots.test.ts checks both).
 */
const GOOGLE_2019_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIFHDCCAwSgAwIBAgIJANUP8luj8tazMA0GCSqGSIb3DQEBCwUAMBsxGTAXBgNV',
  'BAUTEGY5MjAwOWU4NTNiNmIwNDUwHhcNMTkxMTIyMjAzNzU4WhcNMzQxMTE4MjAz',
  'NzU4WjAbMRkwFwYDVQQFExBmOTIwMDllODUzYjZiMDQ1MIICIjANBgkqhkiG9w0B',
  'AQEFAAOCAg8AMIICCgKCAgEAr7bHgiuxpwHsK7Qui8xUFmOr75gvMsd/dTEDDJdS',
  'Sxtf6An7xyqpRR90PL2abxM1dEqlXnf2tqw1Ne4Xwl5jlRfdnJLmN0pTy/4lj4/7',
  'tv0Sk3iiKkypnEUtR6WfMgH0QZfKHM1+di+y9TFRtv6y//0rb+T+W8a9nsNL/ggj',
  'nar86461qO0rOs2cXjp3kOG1FEJ5MVmFmBGtnrKpa73XpXyTqRxB/M0n1n/W9nGq',
  'C4FSYa04T6N5RIZGBN2z2MT5IKGbFlbC8UrW0DxW7AYImQQcHtGl/m00QLVWutHQ',
  'oVJYnFPlXTcHYvASLu+RhhsbDmxMgJJ0mcDpvsC4PjvB+TxywElgS70vE0XmLD+O',
  'JtvsBslHZvPBKCOdT0MS+tgSOIfga+z1Z1g7+DVagf7quvmag8jfPioyKvxnK/Eg',
  'sTUVi2ghzq8wm27ud/mIM7AY2qEORR8Go3TVB4HzWQgpZrt3i5MIlCaY504LzSRi',
  'igHCzAPlHws+W0rB5N+er5/2pJKnfBSDiCiFAVtCLOZ7gLiMm0jhO2B6tUXHI/+M',
  'RPjy02i59lINMRRev56GKtcd9qO/0kUJWdZTdA2XoS82ixPvZtXQpUpuL12ab+9E',
  'aDK8Z4RHJYYfCT3Q5vNAXaiWQ+8PTWm2QgBR/bkwSWc+NpUFgNPN9PvQi8WEg5Um',
  'AGMCAwEAAaNjMGEwHQYDVR0OBBYEFDZh4QB8iAUJUYtEbEf/GkzJ6k8SMB8GA1Ud',
  'IwQYMBaAFDZh4QB8iAUJUYtEbEf/GkzJ6k8SMA8GA1UdEwEB/wQFMAMBAf8wDgYD',
  'VR0PAQH/BAQDAgIEMA0GCSqGSIb3DQEBCwUAA4ICAQBOMaBc8oumXb2voc7XCWnu',
  'XKhBBK3e2KMGz39t7lA3XXRe2ZLLAkLM5y3J7tURkf5a1SutfdOyXAmeE6SRo83U',
  'h6WszodmMkxK5GM4JGrnt4pBisu5igXEydaW7qq2CdC6DOGjG+mEkN8/TA6p3cno',
  'L/sPyz6evdjLlSeJ8rFBH6xWyIZCbrcpYEJzXaUOEaxxXxgYz5/cTiVKN2M1G2ok',
  'QBUIYSY6bjEL4aUN5cfo7ogP3UvliEo3Eo0YgwuzR2v0KR6C1cZqZJSTnghIC/vA',
  'D32KdNQ+c3N+vl2OTsUVMC1GiWkngNx1OO1+kXW+YTnnTUOtOIswUP/Vqd5SYgAI',
  'mMAfY8U9/iIgkQj6T2W6FsScy94IN9fFhE1UtzmLoBIuUFsVXJMTz+Jucth+IqoW',
  'Fua9v1R93/k98p41pjtFX+H8DslVgfP097vju4KDlqN64xV1grw3ZLl4CiOe/A91',
  'oeLm2UHOq6wn3esB4r2EIQKb6jTVGu5sYCcdWpXr0AUVqcABPdgL+H7qJguBw09o',
  'jm6xNIrw2OocrDKsudk/okr/AwqEyPKw9WnMlQgLIKw1rODG2NvU9oR3GVGdMkUB',
  'ZutL8VuFkERQGt6vQ2OCw0sV47VMkuYbacK/xyZFiRcrPJPb41zgbQj9XAEyLKCH',
  'ex0SdDrx+tWUDqG8At2JHA==',
  '-----END CERTIFICATE-----',
].join('\n');
const GOOGLE_2021_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIFHDCCAwSgAwIBAgIJAMNrfES5rhgxMA0GCSqGSIb3DQEBCwUAMBsxGTAXBgNV',
  'BAUTEGY5MjAwOWU4NTNiNmIwNDUwHhcNMjExMTE3MjMxMDQyWhcNMzYxMTEzMjMx',
  'MDQyWjAbMRkwFwYDVQQFExBmOTIwMDllODUzYjZiMDQ1MIICIjANBgkqhkiG9w0B',
  'AQEFAAOCAg8AMIICCgKCAgEAr7bHgiuxpwHsK7Qui8xUFmOr75gvMsd/dTEDDJdS',
  'Sxtf6An7xyqpRR90PL2abxM1dEqlXnf2tqw1Ne4Xwl5jlRfdnJLmN0pTy/4lj4/7',
  'tv0Sk3iiKkypnEUtR6WfMgH0QZfKHM1+di+y9TFRtv6y//0rb+T+W8a9nsNL/ggj',
  'nar86461qO0rOs2cXjp3kOG1FEJ5MVmFmBGtnrKpa73XpXyTqRxB/M0n1n/W9nGq',
  'C4FSYa04T6N5RIZGBN2z2MT5IKGbFlbC8UrW0DxW7AYImQQcHtGl/m00QLVWutHQ',
  'oVJYnFPlXTcHYvASLu+RhhsbDmxMgJJ0mcDpvsC4PjvB+TxywElgS70vE0XmLD+O',
  'JtvsBslHZvPBKCOdT0MS+tgSOIfga+z1Z1g7+DVagf7quvmag8jfPioyKvxnK/Eg',
  'sTUVi2ghzq8wm27ud/mIM7AY2qEORR8Go3TVB4HzWQgpZrt3i5MIlCaY504LzSRi',
  'igHCzAPlHws+W0rB5N+er5/2pJKnfBSDiCiFAVtCLOZ7gLiMm0jhO2B6tUXHI/+M',
  'RPjy02i59lINMRRev56GKtcd9qO/0kUJWdZTdA2XoS82ixPvZtXQpUpuL12ab+9E',
  'aDK8Z4RHJYYfCT3Q5vNAXaiWQ+8PTWm2QgBR/bkwSWc+NpUFgNPN9PvQi8WEg5Um',
  'AGMCAwEAAaNjMGEwHQYDVR0OBBYEFDZh4QB8iAUJUYtEbEf/GkzJ6k8SMB8GA1Ud',
  'IwQYMBaAFDZh4QB8iAUJUYtEbEf/GkzJ6k8SMA8GA1UdEwEB/wQFMAMBAf8wDgYD',
  'VR0PAQH/BAQDAgIEMA0GCSqGSIb3DQEBCwUAA4ICAQBTNNZe5cuf8oiq+jV0itTG',
  'zWVhSTjOBEk2FQvh11J3o3lna0o7rd8RFHnN00q4hi6TapFhh4qaw/iG6Xg+xOan',
  '63niLWIC5GOPFgPeYXM9+nBb3zZzC8ABypYuCusWCmt6Tn3+Pjbz3MTVhRGXuT/T',
  'QH4KGFY4PhvzAyXwdjTOCXID+aHud4RLcSySr0Fq/L+R8TWalvM1wJJPhyRjqRCJ',
  'erGtfBagiALzvhnmY7U1qFcS0NCnKjoO7oFedKdWlZz0YAfu3aGCJd4KHT0MsGiL',
  'Zez9WP81xYSrKMNEsDK+zK5fVzw6jA7cxmpXcARTnmAuGUeI7VVDhDzKeVOctf3a',
  '0qQLwC+d0+xrETZ4r2fRGNw2YEs2W8Qj6oDcfPvq9JySe7pJ6wcHnl5EZ0lwc4xH',
  '7Y4Dx9RA1JlfooLMw3tOdJZH0enxPXaydfAD3YifeZpFaUzicHeLzVJLt9dvGB0b',
  'HQLE4+EqKFgOZv2EoP686DQqbVS1u+9k0p2xbMA105TBIk7npraa8VM0fnrRKi7w',
  'lZKwdH+aNAyhbXRW9xsnODJ+g8eF452zvbiKKngEKirK5LGieoXBX7tZ9D1GNBH2',
  'Ob3bKOwwIWdEFle/YF/h6zWgdeoaNGDqVBrLr2+0DtWoiB1aDEjLWl9FmyIUyUm7',
  'mD/vFDkzF+wm7cyWpQpCVQ==',
  '-----END CERTIFICATE-----',
].join('\n');
/**
 * The 2022 re-issue (to 2042) and Key Attestation CA1, from Google's android/keyattestation
 * roots.json (fixtures/android-key-attestation/google-roots.json, unmodified).
 */
const GOOGLE_2022_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIFHDCCAwSgAwIBAgIJAPHBcqaZ6vUdMA0GCSqGSIb3DQEBCwUAMBsxGTAXBgNV',
  'BAUTEGY5MjAwOWU4NTNiNmIwNDUwHhcNMjIwMzIwMTgwNzQ4WhcNNDIwMzE1MTgw',
  'NzQ4WjAbMRkwFwYDVQQFExBmOTIwMDllODUzYjZiMDQ1MIICIjANBgkqhkiG9w0B',
  'AQEFAAOCAg8AMIICCgKCAgEAr7bHgiuxpwHsK7Qui8xUFmOr75gvMsd/dTEDDJdS',
  'Sxtf6An7xyqpRR90PL2abxM1dEqlXnf2tqw1Ne4Xwl5jlRfdnJLmN0pTy/4lj4/7',
  'tv0Sk3iiKkypnEUtR6WfMgH0QZfKHM1+di+y9TFRtv6y//0rb+T+W8a9nsNL/ggj',
  'nar86461qO0rOs2cXjp3kOG1FEJ5MVmFmBGtnrKpa73XpXyTqRxB/M0n1n/W9nGq',
  'C4FSYa04T6N5RIZGBN2z2MT5IKGbFlbC8UrW0DxW7AYImQQcHtGl/m00QLVWutHQ',
  'oVJYnFPlXTcHYvASLu+RhhsbDmxMgJJ0mcDpvsC4PjvB+TxywElgS70vE0XmLD+O',
  'JtvsBslHZvPBKCOdT0MS+tgSOIfga+z1Z1g7+DVagf7quvmag8jfPioyKvxnK/Eg',
  'sTUVi2ghzq8wm27ud/mIM7AY2qEORR8Go3TVB4HzWQgpZrt3i5MIlCaY504LzSRi',
  'igHCzAPlHws+W0rB5N+er5/2pJKnfBSDiCiFAVtCLOZ7gLiMm0jhO2B6tUXHI/+M',
  'RPjy02i59lINMRRev56GKtcd9qO/0kUJWdZTdA2XoS82ixPvZtXQpUpuL12ab+9E',
  'aDK8Z4RHJYYfCT3Q5vNAXaiWQ+8PTWm2QgBR/bkwSWc+NpUFgNPN9PvQi8WEg5Um',
  'AGMCAwEAAaNjMGEwHQYDVR0OBBYEFDZh4QB8iAUJUYtEbEf/GkzJ6k8SMB8GA1Ud',
  'IwQYMBaAFDZh4QB8iAUJUYtEbEf/GkzJ6k8SMA8GA1UdEwEB/wQFMAMBAf8wDgYD',
  'VR0PAQH/BAQDAgIEMA0GCSqGSIb3DQEBCwUAA4ICAQB8cMqTllHc8U+qCrOlg3H7',
  '174lmaCsbo/bJ0C17JEgMLb4kvrqsXZs01U3mB/qABg/1t5Pd5AORHARs1hhqGIC',
  'W/nKMav574f9rZN4PC2ZlufGXb7sIdJpGiO9ctRhiLuYuly10JccUZGEHpHSYM2G',
  'tkgYbZba6lsCPYAAP83cyDV+1aOkTf1RCp/lM0PKvmxYN10RYsK631jrleGdcdkx',
  'oSK//mSQbgcWnmAEZrzHoF1/0gso1HZgIn0YLzVhLSA/iXCX4QT2h3J5z3znluKG',
  '1nv8NQdxei2DIIhASWfu804CA96cQKTTlaae2fweqXjdN1/v2nqOhngNyz1361mF',
  'mr4XmaKH/ItTwOe72NI9ZcwS1lVaCvsIkTDCEXdm9rCNPAY10iTunIHFXRh+7KPz',
  'lHGewCq/8TOohBRn0/NNfh7uRslOSZ/xKbN9tMBtw37Z8d2vvnXq/YWdsm1+JLVw',
  'n6yYD/yacNJBlwpddla8eaVMjsF6nBnIgQOf9zKSe06nSTqvgwUHosgOECZJZ1Eu',
  'zbH4yswbt02tKtKEFhx+v+OTge/06V+jGsqTWLsfrOCNLuA8H++z+pUENmpqnnHo',
  'vaI47gC+TNpkgYGkkBT6B/m/U01BuOBBTzhIlMEZq9qkDWuM2cA5kW5V3FJUcfHn',
  'w1IdYIg2Wxg7yHcQZemFQg==',
  '-----END CERTIFICATE-----',
].join('\n');
const GOOGLE_CA1_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIICIjCCAaigAwIBAgIRAISp0Cl7DrWK5/8OgN52BgUwCgYIKoZIzj0EAwMwUjEc',
  'MBoGA1UEAwwTS2V5IEF0dGVzdGF0aW9uIENBMTEQMA4GA1UECwwHQW5kcm9pZDET',
  'MBEGA1UECgwKR29vZ2xlIExMQzELMAkGA1UEBhMCVVMwHhcNMjUwNzE3MjIzMjE4',
  'WhcNMzUwNzE1MjIzMjE4WjBSMRwwGgYDVQQDDBNLZXkgQXR0ZXN0YXRpb24gQ0Ex',
  'MRAwDgYDVQQLDAdBbmRyb2lkMRMwEQYDVQQKDApHb29nbGUgTExDMQswCQYDVQQG',
  'EwJVUzB2MBAGByqGSM49AgEGBSuBBAAiA2IABCPaI3FO3z5bBQo8cuiEas4HjqCt',
  'G/mLFfRT0MsIssPBEEU5Cfbt6sH5yOAxqEi5QagpU1yX4HwnGb7OtBYpDTB57uH5',
  'Eczm34A5FNijV3s0/f0UPl7zbJcTx6xwqMIRq6NCMEAwDwYDVR0TAQH/BAUwAwEB',
  '/zAOBgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYEFFIyuyz7RkOb3NaBqQ5lZuA0QepA',
  'MAoGCCqGSM49BAMDA2gAMGUCMETfjPO/HwqReR2CS7p0ZWoD/LHs6hDi422opifH',
  'EUaYLxwGlT9SLdjkVpz0UUOR5wIxAIoGyxGKRHVTpqpGRFiJtQEOOTp/+s1GcxeY',
  'uR2zh/80lQyu9vAFCj6E4AXc+osmRg==',
  '-----END CERTIFICATE-----',
].join('\n');

function root(r: Omit<KnownRoot, 'formats'> & { formats: string[] }): KnownRoot {
  return Object.freeze({ ...r, formats: Object.freeze(r.formats) });
}

/** Apple WebAuthn Root CA (ECDSA P-384), root of `apple` anonymous attestation (§8.8). */
export const APPLE_WEBAUTHN_ROOT_CA: KnownRoot = root({
  name: 'Apple WebAuthn Root CA',
  pem: APPLE_PEM,
  subject: 'CN=Apple WebAuthn Root CA, O=Apple Inc., ST=California',
  sha256Fingerprint: '0915dd5c07a28db549d1f677bb5a75d4bfbe9561a773424327762e9e02f9bb29',
  source: 'https://www.apple.com/certificateauthority/Apple_WebAuthn_Root_CA.pem',
  notAfter: '2045-03-15T00:00:00Z',
  formats: ['apple'],
});

/** Google Hardware Attestation Root (RSA 4096, serialNumber=f92009e853b6b045, 2016 issue), root of `android-key` (§8.4). */
export const GOOGLE_HARDWARE_ATTESTATION_ROOT_2016: KnownRoot = root({
  name: 'Google Hardware Attestation Root (2016-2026)',
  pem: GOOGLE_PEM,
  subject: 'serialNumber=f92009e853b6b045',
  sha256Fingerprint: 'c1984a3ef45c1e2a918551de10603c86f7051b2249c4891cae3230eabd0c97d5',
  source: 'https://developer.android.com/privacy-and-security/security-key-attestation#root_certificate',
  notAfter: '2026-05-24T16:28:52Z',
  formats: ['android-key'],
});

/** The Google Hardware Attestation Root re-issued in 2019 (same key as the 2016 issue, valid to 2034). */
export const GOOGLE_HARDWARE_ATTESTATION_ROOT_2019: KnownRoot = root({
  name: 'Google Hardware Attestation Root (2019-2034)',
  pem: GOOGLE_2019_PEM,
  subject: 'serialNumber=f92009e853b6b045',
  sha256Fingerprint: '1ef1a04b8ba58ab94589ac498c8982a783f24ea7307e0159a0c3a73b377d87cc',
  source: 'https://android.googleapis.com/attestation/root',
  notAfter: '2034-11-18T20:37:58Z',
  formats: ['android-key'],
});
/** The Google Hardware Attestation Root re-issued in 2021 (same key as the 2016 issue, valid to 2036). */
export const GOOGLE_HARDWARE_ATTESTATION_ROOT_2021: KnownRoot = root({
  name: 'Google Hardware Attestation Root (2021-2036)',
  pem: GOOGLE_2021_PEM,
  subject: 'serialNumber=f92009e853b6b045',
  sha256Fingerprint: 'ab6641178a36e179aa0c1cdddf9a16eb45fa20943e2b8cd7c7c05c26cf8b487a',
  source: 'https://android.googleapis.com/attestation/root',
  notAfter: '2036-11-13T23:10:42Z',
  formats: ['android-key'],
});
/** The Google Hardware Attestation Root re-issued in 2022 (same key as the 2016 issue, valid to 2042). */
export const GOOGLE_HARDWARE_ATTESTATION_ROOT_2022: KnownRoot = root({
  name: 'Google Hardware Attestation Root (2022-2042)',
  pem: GOOGLE_2022_PEM,
  subject: 'serialNumber=f92009e853b6b045',
  sha256Fingerprint: 'cedb1cb6dc896ae5ec797348bce9286753c2b38ee71ce0fbe34a9a1248800dfc',
  source: 'https://github.com/android/keyattestation/blob/47f970d044ae4da7b00da068e7e1a4e952b0fd2f/roots.json',
  notAfter: '2042-03-15T18:07:48Z',
  formats: ['android-key'],
});
/** Google Key Attestation CA1 (EC P-384, 2025-2035): root of Remote Key Provisioning chains from 2026-02-01 (§8.4). */
export const GOOGLE_KEY_ATTESTATION_CA1: KnownRoot = root({
  name: 'Google Key Attestation CA1 (2025-2035)',
  pem: GOOGLE_CA1_PEM,
  subject: 'CN=Key Attestation CA1, OU=Android, O=Google LLC, C=US',
  sha256Fingerprint: '6d9db4ce6c5c0b293166d08986e05774a8776ceb525d9e4329520de12ba4bcc0',
  source: 'https://github.com/android/keyattestation/blob/47f970d044ae4da7b00da068e7e1a4e952b0fd2f/roots.json',
  notAfter: '2035-07-15T22:32:18Z',
  formats: ['android-key'],
});
/** GlobalSign Root CA (R1), a root of the `android-safetynet` JWS signing chain (§8.5). */
export const GLOBALSIGN_ROOT_CA_R1: KnownRoot = root({
  name: 'GlobalSign Root CA (R1)',
  pem: GSR1_PEM,
  subject: 'C=BE, O=GlobalSign nv-sa, OU=Root CA, CN=GlobalSign Root CA',
  sha256Fingerprint: 'ebd41040e4bb3ec742c9e381d31ef2a41a48b6685c96e7cef3c1df6cd4331c99',
  source: 'https://support.globalsign.com/ca-certificates/root-certificates/globalsign-root-certificates',
  notAfter: '2028-01-28T12:00:00Z',
  formats: ['android-safetynet'],
});

/** GlobalSign Root CA - R2 (expired 2021-12-15), root of SafetyNet responses signed before 2022; useful only with a past `now`. */
export const GLOBALSIGN_ROOT_CA_R2: KnownRoot = root({
  name: 'GlobalSign Root CA - R2',
  pem: GSR2_PEM,
  subject: 'OU=GlobalSign Root CA - R2, O=GlobalSign, CN=GlobalSign',
  sha256Fingerprint: '69e2d06c30f366166165e91d68d1cee5cc47584a80227e76666086c0107241eb',
  source: 'https://support.globalsign.com/ca-certificates/root-certificates/globalsign-root-certificates',
  notAfter: '2021-12-15T08:00:00Z',
  formats: ['android-safetynet'],
});

/** Every known root, for listing; still opt-in. */
export const KNOWN_ROOTS: readonly KnownRoot[] = Object.freeze([
  APPLE_WEBAUTHN_ROOT_CA,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2016,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2019,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2021,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2022,
  GOOGLE_KEY_ATTESTATION_CA1,
  GLOBALSIGN_ROOT_CA_R1,
  GLOBALSIGN_ROOT_CA_R2,
]);
