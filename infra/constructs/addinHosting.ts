import { Duration, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  Distribution,
  GeoRestriction,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

export interface AddinHostingProps {
  logsBucket: Bucket;
  allowedCountries?: string[] | undefined;
  customDomain?: { domainName: string; certificateArn: string } | undefined;
}

/** The add-in's static files on a private S3 bucket behind CloudFront with origin access control, HTTPS only. The
 *  response headers harden the pages (HSTS, nosniff, referrer policy) but set neither X-Frame-Options nor a CSP
 *  frame-ancestors: Office on the web shows add-in pages inside its own frames. */
export class AddinHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** https://<distribution or custom domain>: the add-in's origin, the only one the API allows by CORS. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: AddinHostingProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logsBucket,
      serverAccessLogsPrefix: 'addin-files/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    this.headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'PACS add-in: hardened, frameable by Office',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin' as never, override: true },
      },
    });
    const domain = props.customDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'PACS Capitation add-in',
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.headers,
      },
      ...(props.allowedCountries
        ? { geoRestriction: GeoRestriction.allowlist(...props.allowedCountries) }
        : {}),
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.origin = `https://${domain?.domainName ?? this.distribution.distributionDomainName}`;
    if (!domain)
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose policy it fixes. ' +
          'Production should set customDomain (ACM certificate in us-east-1), which sets TLSv1.2_2021 (docs/deploy.md).',
      });
    if (!props.allowedCountries)
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR1',
        reason:
          'NHS finance staff work from abroad too; allowedCountries (e.g. ["GB"]) turns on a geo allow-list per environment.',
      });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'Only static, public add-in files are served (no data, no forms); every data request goes to the API, which checks ' +
        'an Entra ID token. A WAF web ACL costs more than the files it would protect.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'CloudFront standard logs need an ACL-enabled bucket; the files are public by nature and the S3 origin logs its ' +
        'access to the logs bucket. Every data access is logged by API Gateway.',
    });
  }

  /** Uploads the files and `config.json` (where the deployed add-in finds its API and sign-in settings), then
   *  invalidates CloudFront's cache. Separate from the constructor: the config names the API, whose CORS names
   *  this origin. */
  deploy(files: string | ISource, runtimeConfig: Record<string, unknown>): BucketDeployment {
    return new BucketDeployment(this, 'Deploy', {
      sources: [
        typeof files === 'string' ? Source.asset(files) : files,
        Source.jsonData('config.json', runtimeConfig),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
  }
}
